import { createHash, timingSafeEqual } from "node:crypto";
import { AuthenticationError } from "../errors.ts";

export interface BasicCredentials {
  username: string;
  password: string;
  /** Also accepted, during a password rotation window (docs/registering-urls.md "Rotating the password"). */
  previousPassword?: string;
}

/** Which password a request carried. */
export type MatchedPassword = "current" | "previous";

/**
 * The RFC 7235 challenge Bandwidth waits for. Bandwidth first sends a request without credentials
 * and only resends with `Authorization` after a 401 that carries `WWW-Authenticate`; without the
 * header it gives up and the callback is lost (docs/providers.md#bandwidth-basic-auth-challenge).
 */
export const BASIC_CHALLENGE = 'Basic realm="number-events-gateway", charset="UTF-8"';

/**
 * Answers a request without any `Authorization` header with the challenge. Needs no secret, so it
 * runs before one is loaded: Bandwidth's credential-less first attempt costs no SSM call.
 */
export function requireAuthorization(header: string | undefined): asserts header is string {
  // RFC 7235: a client may send no credentials until challenged; Bandwidth v1 does so for every
  // notification, so this answer is part of the protocol (logged at DEBUG), not a rejection.
  if (!header)
    throw new AuthenticationError("authentication required", { challenge: BASIC_CHALLENGE, expected: true });
}

/**
 * Checks an `Authorization: Basic …` header against the expected credentials, in constant time:
 * both sides are hashed to a fixed length first, and username and password are compared together,
 * so neither the length nor which half is wrong leaks through timing (no user enumeration). During
 * a rotation the previous password is compared too, always (so timing does not say which matched).
 * Returns which password matched; throws an AuthenticationError carrying the challenge.
 */
export function verifyBasicAuth(header: string | undefined, expected: BasicCredentials): MatchedPassword {
  requireAuthorization(header);
  const match = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header);
  const supplied = digest(match?.[1] ? Buffer.from(match[1], "base64") : Buffer.alloc(0));
  const current = timingSafeEqual(
    supplied,
    digest(Buffer.from(`${expected.username}:${expected.password}`, "utf8")),
  );
  // Without a previous password, compare against one no header can carry (a lone username), to keep
  // the work the same.
  const previousPair = `${expected.username}${expected.previousPassword ? `:${expected.previousPassword}` : ""}`;
  const previous = timingSafeEqual(supplied, digest(Buffer.from(previousPair, "utf8")));
  if (current) return "current";
  if (previous && expected.previousPassword) return "previous";
  throw new AuthenticationError("invalid credentials", { challenge: BASIC_CHALLENGE });
}

function digest(value: Buffer): Buffer {
  return createHash("sha256").update(value).digest();
}
