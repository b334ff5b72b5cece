import { describe, expect, it } from "vitest";
import { hashSecret, isSecretHash, verifySecret } from "../../../lib/directory/secretHash.ts";

describe("hashSecret", () => {
  it("stores a salted scrypt hash that never contains the secret", async () => {
    const stored = await hashSecret("1111");
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain("1111");
    expect(isSecretHash(stored)).toBe(true);
  });

  it("salts every hash, so equal PINs give different stored values", async () => {
    const [a, b] = await Promise.all([hashSecret("0042"), hashSecret("0042")]);
    expect(a).not.toBe(b);
  });
});

describe("verifySecret", () => {
  it("accepts the secret that was hashed, leading zeros included", async () => {
    const stored = await hashSecret("0042");
    await expect(verifySecret("0042", stored)).resolves.toBe(true);
    await expect(verifySecret("42", stored)).resolves.toBe(false);
  });

  it("rejects a wrong secret of any length", async () => {
    const stored = await hashSecret("1111");
    for (const wrong of ["", "1", "1112", "11110", "1".repeat(10_000)]) {
      await expect(verifySecret(wrong, stored)).resolves.toBe(false);
    }
  });

  it("throws on a stored value that is not a hash rather than comparing against it", async () => {
    await expect(verifySecret("1111", "1111")).rejects.toThrow(/not a scrypt hash/);
  });

  it.each([
    ["N = 2^20 (a 1 GiB derivation)", (s: string) => s.replace("$16384$", () => "$1048576$")],
    ["r = 64", (s: string) => s.replace("$8$1$", () => "$64$1$")],
    ["p = 16", (s: string) => s.replace("$8$1$", () => "$8$16$")],
    ["a 100 KB salt", (s: string) => s.replace(/\$[A-Za-z0-9_-]{22}\$/, () => `$${"A".repeat(100_000)}$`)],
  ])("refuses a stored hash with cost parameters the import never writes: %s", async (_, change) => {
    const hostile = change(await hashSecret("1111"));
    expect(isSecretHash(hostile)).toBe(false);
    await expect(verifySecret("1111", hostile)).rejects.toThrow(/not a scrypt hash/);
  });
});
