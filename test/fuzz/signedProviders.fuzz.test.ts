import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ed25519PublicKey } from "../../lib/auth/ed25519.ts";
import { AuthenticationError, MalformedBodyError } from "../../lib/errors.ts";
import type { WebhookRequest } from "../../lib/http/request.ts";
import { bandwidthV2NotificationsRoute } from "../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { telnyxNotificationsRoute } from "../../lib/providers/telnyx/notificationsRoute.ts";
import { fixtureBytes } from "../helpers/fixtureBytes.ts";
import { assertValidEvent } from "../helpers/schema.ts";
import { RUNS } from "./runs.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const pair = generateKeyPairSync("ed25519");
const telnyxKey = ed25519PublicKey(
  Buffer.from(pair.publicKey.export({ format: "jwk" }).x ?? "", "base64url").toString("base64"),
  "TELNYX_PUBLIC_KEY",
);
const secret = Buffer.from("fuzz-secret");

const request = (rawBody: Buffer, headers: Record<string, string>): WebhookRequest => ({
  method: "POST",
  path: "/",
  headers,
  rawBody,
  receivedAt: NOW.toISOString(),
});

/** Real samples, samples with a few bytes replaced, and random bytes. */
function bodies(folder: string) {
  const samples = fixtureBytes(folder).map(([, bytes]) => bytes);
  return fc.oneof(
    fc.constantFrom(...samples),
    fc
      .tuple(fc.constantFrom(...samples), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 }))
      .map(([sample, at, bytes]) => {
        const index = at % sample.length;
        return Buffer.concat([sample.subarray(0, index), Buffer.from(bytes), sample.subarray(index + 1)]);
      }),
    fc.json().map((text) => Buffer.from(text)),
    fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  );
}

/** A normalizer either gives a schema-valid event or a 400 — never a crash, never an invalid event. */
function normalizesOrRejects(normalize: () => ReturnType<typeof telnyxNotificationsRoute.normalize>) {
  try {
    assertValidEvent(normalize());
  } catch (error) {
    if (!(error instanceof MalformedBodyError)) throw error;
  }
}

describe("signed routes under arbitrary input", () => {
  it("Telnyx: a correctly signed body of any bytes is normalized or answered 400", () => {
    fc.assert(
      fc.property(bodies("telnyx"), (body) => {
        const timestamp = String(Math.floor(NOW.getTime() / 1000));
        const headers = {
          "telnyx-timestamp": timestamp,
          "telnyx-signature-ed25519": sign(
            null,
            Buffer.concat([Buffer.from(`${timestamp}|`), body]),
            pair.privateKey,
          ).toString("base64"),
        };
        const signed = request(body, headers);
        telnyxNotificationsRoute.authenticate(signed, telnyxKey, NOW);
        normalizesOrRejects(() => telnyxNotificationsRoute.normalize(signed));
      }),
      { numRuns: RUNS },
    );
  });

  it("Bandwidth v2: a correctly signed body of any bytes is normalized or answered 400", () => {
    fc.assert(
      fc.property(bodies("bandwidth/v2"), (body) => {
        const headers = {
          "x-bandwidth-signature-sha-256": createHmac("sha256", secret).update(body).digest("base64"),
        };
        const signed = request(body, headers);
        bandwidthV2NotificationsRoute.authenticate(signed, { hmacSecret: secret, basic: null }, NOW);
        normalizesOrRejects(() => bandwidthV2NotificationsRoute.normalize(signed));
      }),
      { numRuns: RUNS },
    );
  });

  it("any forged signature or timestamp header is answered 401, never accepted, never a crash", () => {
    const body = Buffer.from('{"data":{"id":"x","event_type":"portout.status_changed","payload":{}}}');
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 20 }), (signature, timestamp) => {
        const attempts = [
          () =>
            telnyxNotificationsRoute.authenticate(
              request(body, { "telnyx-signature-ed25519": signature, "telnyx-timestamp": timestamp }),
              telnyxKey,
              NOW,
            ),
          () =>
            bandwidthV2NotificationsRoute.authenticate(
              request(body, { "x-bandwidth-signature-sha-256": signature }),
              { hmacSecret: secret, basic: null },
              NOW,
            ),
        ];
        for (const attempt of attempts) expect(attempt).toThrow(AuthenticationError);
      }),
      { numRuns: RUNS },
    );
  });
});
