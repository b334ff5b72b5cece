import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Port-out PINs and account numbers are stored only as salted scrypt hashes and compared in
 * constant time. The stored form carries its own parameters so the cost can be raised later
 * without invalidating existing records: `scrypt$N$r$p$<salt base64url>$<hash base64url>`.
 */

const DEFAULT_COST = { N: 16_384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;

/** Hashes a secret with a fresh random salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, DEFAULT_COST);
  const { N, r, p } = DEFAULT_COST;
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Whether a stored hash is in the format {@link verifySecret} reads. */
export function isSecretHash(stored: string): boolean {
  return STORED.test(stored);
}

/**
 * Whether `secret` matches `stored`. Both sides are 32-byte scrypt outputs whatever the secret's
 * length, and they are compared with `timingSafeEqual`, so the time taken does not depend on how
 * much of the secret is right. Throws on a stored value that is not a hash (a directory data error).
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) throw new Error("stored value is not a scrypt hash");
  const [, n, r, p, salt, hash] = match;
  const expected = Buffer.from(hash ?? "", "base64url");
  const actual = await derive(secret, Buffer.from(salt ?? "", "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize("NFKC"), salt, HASH_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
