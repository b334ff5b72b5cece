import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/errors.ts";
import { bandwidthV2SecretLoader } from "../../../lib/providers/bandwidth/v2/secret.ts";
import { telnyxPublicKeyLoader } from "../../../lib/providers/telnyx/publicKey.ts";
import vectors from "../../fixtures/vectors.json" with { type: "json" };

describe("telnyxPublicKeyLoader", () => {
  it("builds the key object once, at cold start, from TELNYX_PUBLIC_KEY", async () => {
    const load = telnyxPublicKeyLoader({ TELNYX_PUBLIC_KEY: vectors.rawPubB64 });
    const key = await load();
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(await load()).toBe(key);
  });

  it.each([
    ["a 31-byte key", Buffer.alloc(31, 7).toString("base64")],
    ["a 64-byte key (a private key pasted by mistake)", Buffer.alloc(64, 7).toString("base64")],
    ["a hex key", vectors.rawPubHex],
  ])("refuses %s at cold start, naming the variable", (_, value) => {
    expect(() => telnyxPublicKeyLoader({ TELNYX_PUBLIC_KEY: value })).toThrow(ConfigError);
    expect(() => telnyxPublicKeyLoader({ TELNYX_PUBLIC_KEY: value })).toThrow(/^TELNYX_PUBLIC_KEY: /);
  });

  it("names the variable when neither it nor its SSM parameter is set", async () => {
    await expect(telnyxPublicKeyLoader({})()).rejects.toThrow(/TELNYX_PUBLIC_KEY/);
  });
});

describe("bandwidthV2SecretLoader", () => {
  const sign = (secret: Buffer) => createHmac("sha256", secret).update(vectors.bwBody).digest("base64");

  it("uses the secret's UTF-8 bytes by default (reproduces the vectors.json signature)", async () => {
    const secret = await bandwidthV2SecretLoader({ BANDWIDTH_V2_HMAC_SECRET: vectors.bwSecret })();
    expect(sign(secret)).toBe(vectors.bwSigB64);
  });

  it("base64-decodes the secret when BANDWIDTH_V2_HMAC_SECRET_ENCODING=base64", async () => {
    const secret = await bandwidthV2SecretLoader({
      BANDWIDTH_V2_HMAC_SECRET: Buffer.from(vectors.bwSecret).toString("base64"),
      BANDWIDTH_V2_HMAC_SECRET_ENCODING: "base64",
    })();
    expect(sign(secret)).toBe(vectors.bwSigB64);
  });

  it.each([
    [
      "an unknown encoding",
      { BANDWIDTH_V2_HMAC_SECRET: "x", BANDWIDTH_V2_HMAC_SECRET_ENCODING: "hex" },
      /^BANDWIDTH_V2_HMAC_SECRET_ENCODING: /,
    ],
    [
      "a base64 secret that is not base64",
      { BANDWIDTH_V2_HMAC_SECRET: "not base64!", BANDWIDTH_V2_HMAC_SECRET_ENCODING: "base64" },
      /^BANDWIDTH_V2_HMAC_SECRET: /,
    ],
  ])("refuses %s at cold start, naming the variable", (_, env, message) => {
    expect(() => bandwidthV2SecretLoader(env)).toThrow(message);
  });
});
