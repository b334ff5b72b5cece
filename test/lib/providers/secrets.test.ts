import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/errors.ts";
import { bandwidthV2CredentialsLoader } from "../../../lib/providers/bandwidth/v2/credentials.ts";
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

describe("bandwidthV2CredentialsLoader", () => {
  it("requires no Basic credential unless a username is configured", async () => {
    const credentials = await bandwidthV2CredentialsLoader({ BANDWIDTH_V2_HMAC_SECRET: "s" })();
    expect(credentials).toEqual({ hmacSecret: Buffer.from("s"), basic: null });
  });

  it("adds the Basic credential when BANDWIDTH_V2_USERNAME and its password are set", async () => {
    const credentials = await bandwidthV2CredentialsLoader({
      BANDWIDTH_V2_HMAC_SECRET: "s",
      BANDWIDTH_V2_USERNAME: "bw",
      BANDWIDTH_V2_PASSWORD: "pw",
    })();
    expect(credentials.basic).toEqual({ username: "bw", password: "pw" });
  });

  it.each([
    [{ BANDWIDTH_V2_USERNAME: "bw" }, /^BANDWIDTH_V2_PASSWORD: /],
    [{ BANDWIDTH_V2_PASSWORD: "pw" }, /^BANDWIDTH_V2_USERNAME: /],
  ])("refuses half a Basic configuration at cold start (%o)", (env, message) => {
    expect(() => bandwidthV2CredentialsLoader({ BANDWIDTH_V2_HMAC_SECRET: "s", ...env })).toThrow(message);
  });
});
