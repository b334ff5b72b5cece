import { createHmac, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ed25519PublicKey } from "../../../lib/auth/ed25519.ts";
import { AuthenticationError } from "../../../lib/errors.ts";
import { toWebhookRequest, type WebhookRequest } from "../../../lib/http/request.ts";
import { bandwidthV2NotificationsRoute } from "../../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { telnyxNotificationsRoute } from "../../../lib/providers/telnyx/notificationsRoute.ts";
import vectors from "../../fixtures/vectors.json" with { type: "json" };
import { fixture } from "../../helpers/fixtures.ts";

/**
 * The shared checks every signed provider must pass: a correctly signed request passes, and each
 * single change to it fails with 401. Signatures are made here with node:crypto directly (not with
 * the simulator's signer), and the requests go through `toWebhookRequest` as API Gateway delivers them.
 */
interface SignedProvider {
  name: string;
  signatureHeader: string;
  timestampHeader: string | null;
  body: Buffer;
  /** Headers a genuine request carries, signed with the configured key. */
  sign(body: Buffer, timestamp: string, key?: "right" | "wrong"): Record<string, string>;
  authenticate(request: WebhookRequest, now: Date): void;
}

const NOW = new Date("2026-06-01T12:00:00Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const telnyxPair = generateKeyPairSync("ed25519");
const telnyxOther = generateKeyPairSync("ed25519").privateKey;
const telnyxKey = ed25519PublicKey(rawPublicKey(telnyxPair.publicKey), "TELNYX_PUBLIC_KEY");
const hmacSecret = Buffer.from("bandwidth-v2-test-secret", "utf8");

const PROVIDERS: SignedProvider[] = [
  {
    name: "Telnyx",
    signatureHeader: "telnyx-signature-ed25519",
    timestampHeader: "telnyx-timestamp",
    body: Buffer.from(fixture("telnyx/porting-order-new-comment-unicode.json"), "utf8"),
    sign: (body, timestamp, key = "right") => ({
      "content-type": "application/json",
      "telnyx-timestamp": timestamp,
      "telnyx-signature-ed25519": sign(
        null,
        Buffer.concat([Buffer.from(`${timestamp}|`), body]),
        key === "right" ? telnyxPair.privateKey : telnyxOther,
      ).toString("base64"),
    }),
    authenticate: (request, now) => telnyxNotificationsRoute.authenticate(request, telnyxKey, now),
  },
  {
    name: "Bandwidth v2",
    signatureHeader: "x-bandwidth-signature-sha-256",
    timestampHeader: null,
    body: Buffer.from(fixture("bandwidth/v2/portins-note-unicode.json"), "utf8"),
    sign: (body, _timestamp, key = "right") => ({
      "content-type": "application/json",
      "x-bandwidth-signature-sha-256": createHmac(
        "sha256",
        key === "right" ? hmacSecret : Buffer.from("other"),
      )
        .update(body)
        .digest("base64"),
    }),
    authenticate: (request, now) =>
      bandwidthV2NotificationsRoute.authenticate(request, { hmacSecret, basic: null }, now),
  },
];

function rawPublicKey(key: KeyObject): string {
  return Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url").toString("base64");
}

/** The API Gateway HTTP API event for a request; API Gateway base64-encodes bodies it deems binary. */
function apiEvent(headers: Record<string, string>, body: Buffer, base64 = true): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "POST /",
    rawPath: "/",
    rawQueryString: "",
    headers,
    isBase64Encoded: base64,
    body: base64 ? body.toString("base64") : body.toString("utf8"),
    requestContext: { timeEpoch: NOW.getTime() } as APIGatewayProxyEventV2["requestContext"],
  };
}

function outcome(
  provider: SignedProvider,
  headers: Record<string, string>,
  body = provider.body,
  base64 = true,
) {
  try {
    provider.authenticate(toWebhookRequest(apiEvent(headers, body, base64), NOW), NOW);
    return "accepted";
  } catch (error) {
    if (error instanceof AuthenticationError && error.statusCode === 401) return `401 ${error.message}`;
    throw error;
  }
}

const without = (headers: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

describe.each(PROVIDERS)("$name signature", (provider) => {
  const signed = provider.sign(provider.body, String(nowSeconds));

  it("accepts a correctly signed request, base64-encoded by API Gateway or not", () => {
    expect(outcome(provider, signed)).toBe("accepted");
    expect(outcome(provider, signed, provider.body, false)).toBe("accepted");
  });

  it.each([
    ["Title-Case", (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase())],
    ["UPPER CASE", (name: string) => name.toUpperCase()],
  ])("accepts the headers in %s", (_, rename) => {
    const renamed = Object.fromEntries(Object.entries(signed).map(([name, value]) => [rename(name), value]));
    expect(outcome(provider, renamed)).toBe("accepted");
  });

  it("rejects the body with one byte changed", () => {
    const changed = Buffer.from(provider.body);
    changed[changed.length - 2] = (changed[changed.length - 2] ?? 0) ^ 0x01;
    expect(outcome(provider, signed, changed)).toBe("401 signature mismatch");
  });

  it("rejects the body with one trailing space (re-serialized or reformatted)", () => {
    expect(outcome(provider, signed, Buffer.concat([provider.body, Buffer.from(" ")]))).toBe(
      "401 signature mismatch",
    );
  });

  it("rejects a request without the signature header", () => {
    expect(outcome(provider, without(signed, provider.signatureHeader))).toBe(
      `401 missing ${provider.signatureHeader} header`,
    );
  });

  it("rejects a signature of the wrong length", () => {
    const bytes = Buffer.from(signed[provider.signatureHeader] ?? "", "base64");
    const short = {
      ...signed,
      [provider.signatureHeader]: bytes.subarray(0, bytes.length - 1).toString("base64"),
    };
    expect(outcome(provider, short)).toMatch(/^401 .* must decode to \d+ bytes$/);
  });

  it("rejects a signature made with another key", () => {
    expect(outcome(provider, provider.sign(provider.body, String(nowSeconds), "wrong"))).toBe(
      "401 signature mismatch",
    );
  });
});

describe.each(PROVIDERS.filter((provider) => provider.timestampHeader !== null))(
  "$name timestamp window",
  (provider) => {
    const header = provider.timestampHeader ?? "";
    it.each([
      ["300 s old", -300, "accepted"],
      ["300 s ahead", 300, "accepted"],
      ["301 s old", -301, `401 ${header} is more than 300 s away from now`],
      ["301 s ahead", 301, `401 ${header} is more than 300 s away from now`],
    ])("a request signed %s: %s", (_, offset, expected) => {
      const timestamp = String(nowSeconds + offset);
      expect(outcome(provider, provider.sign(provider.body, timestamp))).toBe(expected);
    });

    it("rejects a request without the timestamp header", () => {
      expect(outcome(provider, without(provider.sign(provider.body, String(nowSeconds)), header))).toBe(
        `401 missing ${header} header`,
      );
    });

    it("rejects a signature replayed with another timestamp", () => {
      const signed = provider.sign(provider.body, String(nowSeconds));
      expect(outcome(provider, { ...signed, [header]: String(nowSeconds + 1) })).toBe(
        "401 signature mismatch",
      );
    });
  },
);

describe("vectors.json through the routes", () => {
  it("passes the Telnyx vector with the clock frozen at its timestamp", () => {
    const key = ed25519PublicKey(vectors.rawPubB64, "TELNYX_PUBLIC_KEY");
    const now = new Date(Number(vectors.ts) * 1000);
    const request = toWebhookRequest(
      apiEvent(
        { "Telnyx-Signature-Ed25519": vectors.sigB64, "Telnyx-Timestamp": vectors.ts },
        Buffer.from(vectors.body, "utf8"),
      ),
      now,
    );
    expect(() => telnyxNotificationsRoute.authenticate(request, key, now)).not.toThrow();
    expect(() =>
      telnyxNotificationsRoute.authenticate(request, key, new Date(now.getTime() + 301_000)),
    ).toThrow(AuthenticationError);
  });

  it("passes the Bandwidth v2 vector", () => {
    const request = toWebhookRequest(
      apiEvent({ "X-Bandwidth-Signature-SHA-256": vectors.bwSigB64 }, Buffer.from(vectors.bwBody, "utf8")),
      NOW,
    );
    expect(() =>
      bandwidthV2NotificationsRoute.authenticate(
        request,
        { hmacSecret: Buffer.from(vectors.bwSecret, "utf8"), basic: null },
        NOW,
      ),
    ).not.toThrow();
  });
});

describe("the committed development key pair", () => {
  it("has a public half that matches its private half", async () => {
    const { DEV_TELNYX_PRIVATE_KEY_PEM, DEV_TELNYX_PUBLIC_KEY } = await import(
      "../../../scripts/local/devKeys.ts"
    );
    const derived = rawPublicKey(createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM));
    expect(derived).toBe(DEV_TELNYX_PUBLIC_KEY);
  });
});
