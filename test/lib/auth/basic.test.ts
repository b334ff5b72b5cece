import { describe, expect, it } from "vitest";
import { BASIC_CHALLENGE, verifyBasicAuth } from "../../../lib/auth/basic.ts";
import { AuthenticationError } from "../../../lib/errors.ts";

const expected = { username: "username", password: "password" };
const header = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

function rejection(value: string | undefined): AuthenticationError {
  try {
    verifyBasicAuth(value, expected);
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
    throw error;
  }
  throw new Error("expected the credentials to be rejected");
}

describe("verifyBasicAuth", () => {
  it("accepts Bandwidth's documented example header", () => {
    expect(() => verifyBasicAuth("Basic dXNlcm5hbWU6cGFzc3dvcmQ=", expected)).not.toThrow();
  });

  it("accepts the scheme name in any case", () => {
    expect(() =>
      verifyBasicAuth(header("username:password").replace("Basic", "bASIC"), expected),
    ).not.toThrow();
  });

  it("accepts a password that contains a colon", () => {
    expect(() => verifyBasicAuth(header("u:p:w"), { username: "u", password: "p:w" })).not.toThrow();
  });

  it("says which password matched during a rotation, and accepts no third one", () => {
    const rotating = { ...expected, previousPassword: "old" };
    expect(verifyBasicAuth(header("username:password"), rotating)).toBe("current");
    expect(verifyBasicAuth(header("username:old"), rotating)).toBe("previous");
    expect(() => verifyBasicAuth(header("username:other"), rotating)).toThrow(AuthenticationError);
    expect(() => verifyBasicAuth(header("other:old"), rotating)).toThrow(AuthenticationError);
  });

  it("accepts no username alone, with or without a previous password", () => {
    expect(() => verifyBasicAuth(header("username"), expected)).toThrow(AuthenticationError);
    expect(() => verifyBasicAuth(header("username"), { ...expected, previousPassword: "old" })).toThrow(
      AuthenticationError,
    );
  });

  it("answers a request without credentials with 401 and the RFC 7235 challenge", () => {
    const error = rejection(undefined);
    expect(error.statusCode).toBe(401);
    expect(error.headers["www-authenticate"]).toBe(BASIC_CHALLENGE);
    expect(BASIC_CHALLENGE).toMatch(/^Basic realm="[^"]*"/);
  });

  it.each([
    ["a wrong password", header("username:wrong")],
    ["a wrong username", header("someone:password")],
    ["the password only", header("password")],
    ["an empty pair", header(":")],
    ["another scheme", "Bearer dXNlcm5hbWU6cGFzc3dvcmQ="],
    ["garbage after the scheme", "Basic !!!"],
    ["credentials with a trailing extra character", header("username:password ")],
  ])("rejects %s with the same challenge", (_, value) => {
    const error = rejection(value);
    expect(error.statusCode).toBe(401);
    expect(error.headers["www-authenticate"]).toBe(BASIC_CHALLENGE);
  });

  it("gives the same answer for a wrong username and a wrong password (no user enumeration)", () => {
    expect(rejection(header("someone:password")).message).toBe(rejection(header("username:wrong")).message);
  });
});
