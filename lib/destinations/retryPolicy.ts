import { ConfigError } from "../errors.ts";
import { isObject } from "../json/parseJsonObject.ts";
import { DESTINATIONS_VARIABLE, rejectUnknownKeys } from "./configValues.ts";

/** How long and how often a destination's failed deliveries are tried again. */
export interface RetryPolicy {
  /** After this long since the first attempt, a delivery that still fails is dead-lettered. */
  maxAgeSeconds: number;
  /** Dead-letter after this many attempts, if sooner; undefined = bounded by age only. */
  maxAttempts: number | undefined;
  /** The delay after the first failure; it doubles on each attempt… */
  initialDelaySeconds: number;
  /** …up to this. One SQS visibility extension holds at most 12 h. */
  maxDelaySeconds: number;
}

/** SQS ChangeMessageVisibility accepts at most 12 hours. */
export const MAX_HOP_SECONDS = 43_200;

/**
 * Defaults: exponential from 30 s to 15 min per hop, for 24 h (≈100 attempts), in line with what
 * Svix (≈27 h) and the Standard Webhooks example schedule do.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAgeSeconds: 24 * 3600,
  maxAttempts: undefined,
  initialDelaySeconds: 30,
  maxDelaySeconds: 900,
};

const KEYS = ["maxAge", "maxAttempts", "initialDelay", "maxDelay"] as const;

/** Validates the optional `retry` of a destination entry; durations are seconds or `30s`, `15m`, `24h`, `2d`. */
export function parseRetryPolicy(raw: unknown, where: string): RetryPolicy {
  if (raw === undefined) return DEFAULT_RETRY_POLICY;
  if (!isObject(raw)) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.retry must be an object`);
  }
  const entry = raw;
  rejectUnknownKeys(entry, KEYS, `${where}.retry`);
  const policy: RetryPolicy = {
    maxAgeSeconds: duration(entry.maxAge, `${where}.retry.maxAge`) ?? DEFAULT_RETRY_POLICY.maxAgeSeconds,
    maxAttempts: undefined,
    initialDelaySeconds:
      duration(entry.initialDelay, `${where}.retry.initialDelay`) ?? DEFAULT_RETRY_POLICY.initialDelaySeconds,
    maxDelaySeconds:
      duration(entry.maxDelay, `${where}.retry.maxDelay`) ?? DEFAULT_RETRY_POLICY.maxDelaySeconds,
  };
  if (entry.maxAttempts !== undefined) {
    const attempts = entry.maxAttempts;
    if (typeof attempts !== "number" || !Number.isInteger(attempts) || attempts < 1) {
      throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.retry.maxAttempts must be a positive integer`);
    }
    policy.maxAttempts = attempts;
  }
  if (policy.maxDelaySeconds > MAX_HOP_SECONDS) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.retry.maxDelay must be at most 12h (one SQS hop)`);
  }
  if (policy.initialDelaySeconds > policy.maxDelaySeconds) {
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where}.retry.initialDelay must not exceed maxDelay`);
  }
  return policy;
}

/**
 * Seconds to wait before the next attempt, or undefined when the delivery must be dead-lettered.
 * Exponential with "equal jitter" (half fixed, half random) so a recovering destination is not hit by
 * every parked delivery in the same second; a `Retry-After` the destination sent is a lower bound.
 * The last attempt is placed exactly at the age limit rather than skipped.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  state: { attempts: number; ageSeconds: number; retryAfterSeconds?: number | undefined },
  random: () => number = Math.random,
): number | undefined {
  if (policy.maxAttempts !== undefined && state.attempts >= policy.maxAttempts) return undefined;
  const remaining = policy.maxAgeSeconds - state.ageSeconds;
  if (remaining <= 0) return undefined;
  const exponential = Math.min(
    policy.maxDelaySeconds,
    policy.initialDelaySeconds * 2 ** (state.attempts - 1),
  );
  const jittered = exponential / 2 + (exponential / 2) * random();
  const wanted = Math.max(jittered, state.retryAfterSeconds ?? 0);
  return Math.max(1, Math.ceil(Math.min(wanted, remaining, MAX_HOP_SECONDS)));
}

function duration(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  const match = typeof value === "string" ? /^(\d+)(s|m|h|d)$/.exec(value.trim()) : null;
  if (!match)
    throw new ConfigError(DESTINATIONS_VARIABLE, `${where} must be seconds or like "30s", "15m", "24h"`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "s" | "m" | "h" | "d"];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw new ConfigError(DESTINATIONS_VARIABLE, `${where} must be positive`);
  return seconds;
}
