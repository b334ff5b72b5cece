import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Port-out PINs and account numbers are stored only as salted scrypt hashes and compared in
 * constant time. The stored form names its parameters, `scrypt$N$r$p$<salt base64url>$<hash base64url>`,
 * but only the ones {@link hashSecret} writes are accepted: a record from the directory must not
 * choose the cost of its own check (N = 2^20 would need 1 GiB, and a function out of memory answers
 * a 5xx, which Bandwidth reads as approval). Raising the cost later means accepting both forms here.
 */

const COST = { N: 16_384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Exactly the stored form `hashSecret` writes: these parameters, a 16-byte salt, a 32-byte hash. */
const STORED = new RegExp(
  `^scrypt\\$${COST.N}\\$${COST.r}\\$${COST.p}\\$([A-Za-z0-9_-]{22})\\$([A-Za-z0-9_-]{43})$`,
);

/** Hashes a secret with a fresh random salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
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
  const [, salt, hash] = match;
  const expected = Buffer.from(hash ?? "", "base64url");
  const actual = await derive(secret, Buffer.from(salt ?? "", "base64url"));
  return timingSafeEqual(actual, expected);
}

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  const options: ScryptOptions = { ...COST, maxmem: 256 * COST.N * COST.r };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize("NFKC"), salt, HASH_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
