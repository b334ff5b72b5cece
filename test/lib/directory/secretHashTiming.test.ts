import type * as Crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Records every comparison verifySecret makes, while still running the real node:crypto.
const comparisons: [Buffer, Buffer][] = [];
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.push([
        Buffer.from(a.buffer, a.byteOffset, a.byteLength),
        Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      ]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { hashSecret, verifySecret } = await import("../../../lib/directory/secretHash.ts");

describe("PIN comparison is constant-time by construction", () => {
  beforeEach(() => {
    comparisons.length = 0;
  });

  it("compares two 32-byte digests with timingSafeEqual whatever the supplied PIN's length or correctness", async () => {
    const stored = await hashSecret("123456");
    const attempts = ["123456", "123457", "1", "9999999999", "x".repeat(500)];
    for (const attempt of attempts) await verifySecret(attempt, stored);
    expect(comparisons).toHaveLength(attempts.length);
    for (const [supplied, expected] of comparisons) {
      expect(supplied.length).toBe(32);
      expect(expected.length).toBe(32);
    }
  });
});
