import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ed25519PublicKey, verifyEd25519 } from "../../../lib/auth/ed25519.ts";
import { AuthenticationError, ConfigError } from "../../../lib/errors.ts";
import vectors from "../../fixtures/vectors.json" with { type: "json" };

const key = ed25519PublicKey(vectors.rawPubB64, "TEST_KEY");
const check = (signature: string | undefined, message: Buffer) =>
  verifyEd25519({ signature, message, key, header: "x-sig" });

describe("ed25519PublicKey", () => {
  it("builds the key from the raw 32 bytes (RFC 8032 §7.1 test 1)", () => {
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url").toString("hex")).toBe(
      vectors.rawPubHex,
    );
  });

  it.each([
    ["31 bytes", Buffer.alloc(31, 1).toString("base64"), "got 31 bytes"],
    ["33 bytes", Buffer.alloc(33, 1).toString("base64"), "got 33 bytes"],
    [
      "an SPKI DER key",
      Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.alloc(32, 1)]).toString("base64"),
      "got 44 bytes",
    ],
    ["text that is not base64", "not a key", "must be base64"],
  ])("refuses %s, naming the variable", (_, value, problem) => {
    expect(() => ed25519PublicKey(value, "TEST_KEY")).toThrow(ConfigError);
    expect(() => ed25519PublicKey(value, "TEST_KEY")).toThrow(/^TEST_KEY: .*/);
    expect(() => ed25519PublicKey(value, "TEST_KEY")).toThrow(problem);
  });
});

describe("verifyEd25519", () => {
  it("reproduces RFC 8032 §7.1 test 1 (empty message)", () => {
    expect(() =>
      check(Buffer.from(vectors.emptyMsgSigHex, "hex").toString("base64"), Buffer.alloc(0)),
    ).not.toThrow();
  });

  it("passes the Telnyx vector of vectors.json", () => {
    expect(() => check(vectors.sigB64, Buffer.from(`${vectors.ts}|${vectors.body}`, "utf8"))).not.toThrow();
  });

  it("rejects the Telnyx vector with one trailing space added to the body", () => {
    expect(() => check(vectors.sigB64, Buffer.from(`${vectors.ts}|${vectors.body} `, "utf8"))).toThrow(
      new AuthenticationError("signature mismatch"),
    );
  });

  it.each([
    ["a missing header", undefined, "missing x-sig header"],
    ["a header that is not base64", "%%%", "x-sig is not base64"],
    ["a 63-byte signature", Buffer.alloc(63).toString("base64"), "x-sig must decode to 64 bytes"],
    ["a 65-byte signature", Buffer.alloc(65).toString("base64"), "x-sig must decode to 64 bytes"],
  ])("rejects %s", (_, signature, reason) => {
    expect(() => check(signature, Buffer.from("x"))).toThrow(new AuthenticationError(reason));
  });

  it("rejects a signature made with another key", () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    const message = Buffer.from("hello");
    expect(() => check(sign(null, message, other).toString("base64"), message)).toThrow(
      new AuthenticationError("signature mismatch"),
    );
  });
});
