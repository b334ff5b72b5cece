import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_BANDWIDTH_V2_HMAC_SECRET } from "../../scripts/local/devKeys.ts";
import { bandwidthV2Headers, basicAuthorization } from "../../scripts/simulate/sign.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

const BODY = Buffer.from(fixture("bandwidth/v2/orders-complete.json"), "utf8");
const HMAC = bandwidthV2Headers(BODY, Buffer.from(DEV_BANDWIDTH_V2_HMAC_SECRET, "utf8"));
const FORGED = bandwidthV2Headers(BODY, Buffer.from("not the secret", "utf8"));
const RIGHT = basicAuthorization("bw-v2", "v2-password");
const WRONG = basicAuthorization("bw-v2", "guess");

describe("Bandwidth v2 with a Basic credential configured (Basic + HMAC, as the migration page lists)", () => {
  let runtime: RunningRuntime;
  const post = (headers: Record<string, string>) =>
    fetch(`${runtime.url}/bandwidth/v2/notifications`, { method: "POST", headers, body: BODY });
  beforeAll(async () => {
    runtime = await startRuntime({ BANDWIDTH_V2_USERNAME: "bw-v2", BANDWIDTH_V2_PASSWORD: "v2-password" });
  });
  afterAll(() => runtime.stop());

  it("answers a signed request without credentials 401 with the same Basic challenge as v1", async () => {
    const answer = await post(HMAC);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Basic realm="/);
  });

  it("refuses wrong Basic credentials with a valid signature, and right credentials with a forged one", async () => {
    const [wrongBasic, forged] = await Promise.all([
      post({ ...HMAC, authorization: WRONG }),
      post({ ...FORGED, authorization: RIGHT }),
    ]);
    expect([wrongBasic.status, forged.status]).toEqual([401, 401]);
    expect(wrongBasic.headers.get("www-authenticate")).toMatch(/^Basic /);
  });

  it("accepts a request with both, and delivers it", async () => {
    const answer = await post({ ...HMAC, authorization: RIGHT });
    expect(answer.status).toBe(200);
    const { id } = (await answer.json()) as { id: string };
    await eventually(() => runtime.delivered().find((event) => event.id === id));
    expect(runtime.delivered()).toHaveLength(1);
    expect(runtime.output()).not.toContain("v2-password");
  });
});
