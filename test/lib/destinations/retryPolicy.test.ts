import { describe, expect, it } from "vitest";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import {
  DEFAULT_RETRY_POLICY,
  nextRetryDelay,
  parseRetryPolicy,
} from "../../../lib/destinations/retryPolicy.ts";

const noJitter = () => 1;
const policy = DEFAULT_RETRY_POLICY;

describe("retry policy", () => {
  it("defaults to 24 hours, 30 s doubling to 15 min", () => {
    expect(parseRetryPolicy(undefined, "d")).toEqual({
      maxAgeSeconds: 86_400,
      maxAttempts: undefined,
      initialDelaySeconds: 30,
      maxDelaySeconds: 900,
    });
  });

  it("backs off exponentially up to the per-hop cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempts) =>
      nextRetryDelay(policy, { attempts, ageSeconds: 0 }, noJitter),
    );
    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it("jitters each delay between half and all of it", () => {
    expect(nextRetryDelay(policy, { attempts: 3, ageSeconds: 0 }, () => 0)).toBe(60);
    expect(nextRetryDelay(policy, { attempts: 3, ageSeconds: 0 }, () => 0.5)).toBe(90);
  });

  it("waits at least as long as Retry-After asks, capped at one 12-hour hop", () => {
    expect(nextRetryDelay(policy, { attempts: 1, ageSeconds: 0, retryAfterSeconds: 600 }, noJitter)).toBe(
      600,
    );
    const long = { ...policy, maxAgeSeconds: 7 * 86_400 };
    expect(nextRetryDelay(long, { attempts: 1, ageSeconds: 0, retryAfterSeconds: 86_400 }, noJitter)).toBe(
      43_200,
    );
  });

  it("places the last attempt at the age limit, then gives up", () => {
    expect(nextRetryDelay(policy, { attempts: 90, ageSeconds: 86_400 - 100 }, noJitter)).toBe(100);
    expect(nextRetryDelay(policy, { attempts: 91, ageSeconds: 86_400 }, noJitter)).toBeUndefined();
  });

  it("gives up after maxAttempts when set", () => {
    const limited = parseRetryPolicy(
      { maxAttempts: 3, initialDelay: "1s", maxDelay: "1m", maxAge: "2h" },
      "d",
    );
    expect(limited).toMatchObject({
      maxAttempts: 3,
      initialDelaySeconds: 1,
      maxDelaySeconds: 60,
      maxAgeSeconds: 7200,
    });
    expect(nextRetryDelay(limited, { attempts: 2, ageSeconds: 5 }, noJitter)).toBe(2);
    expect(nextRetryDelay(limited, { attempts: 3, ageSeconds: 5 }, noJitter)).toBeUndefined();
  });

  it.each([
    ['{"maxAge":"1 day"}', /retry.maxAge must be seconds or like/],
    ['{"maxDelay":"13h"}', /maxDelay must be at most 12h/],
    ['{"initialDelay":"2m","maxDelay":"1m"}', /initialDelay must not exceed maxDelay/],
    ['{"maxAttempts":0}', /maxAttempts must be a positive integer/],
    ['{"backoff":"linear"}', /retry: unknown key "backoff"/],
  ])("rejects retry %s at cold start", (retry, message) => {
    expect(() =>
      loadDestinations(`{"destinations":[{"name":"a","type":"file","path":"x","retry":${retry}}]}`),
    ).toThrow(message);
  });
});
