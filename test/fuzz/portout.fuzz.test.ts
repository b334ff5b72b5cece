import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStringPromise } from "xml2js";
import { type DirectoryEntry, toDirectoryEntry } from "../../lib/directory/directoryEntry.ts";
import { DirectoryUnavailableError } from "../../lib/directory/errors.ts";
import { httpDirectory } from "../../lib/directory/httpDirectory.ts";
import { hashSecret, isSecretHash } from "../../lib/directory/secretHash.ts";
import { MalformedBodyError } from "../../lib/errors.ts";
import { decide } from "../../lib/portout/decide.ts";
import { loadPolicy } from "../../lib/portout/policy.ts";
import { parsePortOutRequest } from "../../lib/portout/request.ts";
import { portOutResponseXml } from "../../lib/portout/response.ts";
import { RUNS } from "./runs.ts";

/** What the XML 1.0 `Char` production leaves out (https://www.w3.org/TR/xml/#charsets). */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Each property run may cost scrypt checks (~40 ms each): fewer runs than the cheap properties. */
const SCRYPT_RUNS = Math.max(15, Math.floor(RUNS / 10));
const PINS = ["1111", "2222"] as const;
const ACCOUNT_NUMBERS = ["777", "888"] as const;
let hashes: { pin: Record<string, string>; accountNumber: Record<string, string> };

beforeAll(async () => {
  const hashAll = async (values: readonly string[]) =>
    Object.fromEntries(await Promise.all(values.map(async (v) => [v, await hashSecret(v)] as const)));
  hashes = { pin: await hashAll(PINS), accountNumber: await hashAll(ACCOUNT_NUMBERS) };
});

/** A record whose hashes match nothing and are its own: checking it costs two scrypt runs. */
const unmatchableHash = fc
  .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
  .map(
    ([salt, hash]) =>
      `scrypt$16384$8$1$${Buffer.from(salt).toString("base64url")}$${Buffer.from(hash).toString("base64url")}`,
  );

/** One number's record as the generator knows it: its clear PIN and account number when they are known. */
interface Known {
  entry: DirectoryEntry;
  pin: string | null;
  accountNumber: string | null;
}

/** A directory of up to 40 accounts with 1 to 3 numbers each, numbers of one account free to differ. */
const directoryOfManyAccounts = fc
  .array(
    fc.record({
      numbers: fc.integer({ min: 1, max: 3 }),
      accountNumber: fc.constantFrom(...ACCOUNT_NUMBERS),
      records: fc.array(
        fc.record({
          pin: fc.option(fc.constantFrom(...PINS), { nil: null }),
          active: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
          unmatchable: fc.tuple(unmatchableHash, unmatchableHash),
        }),
        { minLength: 3, maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((accounts) => {
    const known = new Map<string, Known>();
    accounts.forEach((account, a) => {
      for (let n = 0; n < account.numbers; n++) {
        const record = account.records[n] as (typeof account.records)[number];
        const telephoneNumber = `+1404${200 + a}${String(n).padStart(4, "0")}`;
        known.set(telephoneNumber, {
          // A null PIN stands for a record whose secrets are unknown to the requester (random hashes).
          pin: record.pin,
          accountNumber: record.pin === null ? null : account.accountNumber,
          entry: {
            telephoneNumber,
            accountId: `acct-${a}`,
            active: record.active,
            accountNumberHash:
              record.pin === null
                ? record.unmatchable[0]
                : (hashes.accountNumber[account.accountNumber] as string),
            pinHash: record.pin === null ? record.unmatchable[1] : (hashes.pin[record.pin] as string),
            zipCode: null,
            subscriberName: null,
          },
        });
      }
    });
    return known;
  });

/** Checks what any denial must be: well-formed XML carrying data, and never a PIN or account number. */
async function expectDenialCarriesData(xml: string): Promise<void> {
  expect(xml).not.toMatch(XML_FORBIDDEN);
  const parsed = await parseStringPromise(xml, { strict: true });
  const values = parsed.PortOutValidationResponse.AcceptableValues?.[0];
  expect(values).toBeDefined();
  expect(values.Pin).toBeUndefined();
  expect(values.AccountNumber).toBeUndefined();
  const numbers = values.TelephoneNumbers?.[0]?.TelephoneNumber ?? [];
  const name = values.SubscriberName?.[0] ?? "";
  expect(numbers.length > 0 || name !== "").toBe(true);
}

describe("port-out decisions over requests naming many accounts (fast-check)", () => {
  const policy = { ...loadPolicy({}), maxSecretChecks: 6 };

  it("approves only when every number's own record matches, caps the work, and never denies without data", async () => {
    await fc.assert(
      fc.asyncProperty(
        directoryOfManyAccounts,
        fc.constantFrom(...PINS),
        fc.constantFrom(...ACCOUNT_NUMBERS),
        // Mostly a few numbers (the approvals worth checking), sometimes many accounts at once.
        fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 60 })),
        fc.nat(),
        async (known, pin, accountNumber, count, seed) => {
          const all = [...known.keys()];
          const numbers = Array.from(
            { length: Math.min(count, all.length) },
            (_, i) => all[(seed + i * 7) % all.length] as string,
          );
          const locked = new Set(all.filter((_, i) => (seed >> i) % 17 === 0));
          const request = {
            pon: "pon-fuzz",
            pin,
            accountNumber,
            zipCode: null,
            subscriberName: null,
            telephoneNumbers: numbers.map((n) => n.slice(2)),
          };
          const entries = new Map([...known].map(([number, k]) => [number, k.entry]));
          const decision = await decide(request, entries, policy, locked);
          const requested = [...new Set(numbers)].map((n) => known.get(n) as Known);
          const distinctHashes = new Set(
            requested.flatMap((k) => [k.entry.accountNumberHash, k.entry.pinHash]),
          );
          if (distinctHashes.size > policy.maxSecretChecks) {
            expect(decision.errors.map((e) => e.code)).toEqual([7598]);
            expect(decision.checks.map((c) => c.check)).toEqual(["workCap"]);
          }
          if (decision.portable) {
            for (const k of requested) {
              expect(k.entry.active).toBe(true);
              expect(k.pin).toBe(pin);
              expect(k.accountNumber).toBe(accountNumber);
              expect(locked.has(k.entry.telephoneNumber)).toBe(false);
            }
          } else {
            await expectDenialCarriesData(portOutResponseXml(decision));
          }
        },
      ),
      { numRuns: SCRYPT_RUNS },
    );
  });
});

/** Hostile values for each field of a directory record: wrong types, huge or odd strings, other cost parameters. */
const hostileHash = fc.oneof(
  unmatchableHash,
  unmatchableHash.map((h) => h.replace("$16384$", "$1048576$")),
  unmatchableHash.map((h) => h.replace("$8$1$", "$1024$64$")),
  unmatchableHash.map((h) => h.replace(/\$[^$]{22}\$/, `$${"A".repeat(5000)}$`)),
  fc.string(),
  fc.jsonValue(),
);
const hostileRecord = fc.record(
  {
    telephoneNumber: fc.oneof(fc.constant("+12223331000"), fc.string(), fc.jsonValue()),
    accountId: fc.oneof(fc.constant("acct-1"), fc.string(), fc.jsonValue()),
    status: fc.oneof(fc.constantFrom("active", "inactive"), fc.jsonValue()),
    accountNumberHash: hostileHash,
    pinHash: hostileHash,
    zipCode: fc.oneof(fc.string(), fc.jsonValue()),
    subscriberName: fc.oneof(fc.string({ unit: "grapheme" }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

describe("hostile directory records (fast-check)", () => {
  it("reads a record only with the import's own hash parameters; anything else makes the directory unusable", () => {
    fc.assert(
      fc.property(hostileRecord, (record) => {
        let entry: DirectoryEntry;
        try {
          entry = toDirectoryEntry(record as Record<string, unknown>);
        } catch (error) {
          expect(error).toBeInstanceOf(DirectoryUnavailableError);
          expect((error as DirectoryUnavailableError).reason).toBe("invalid-record");
          return;
        }
        expect(isSecretHash(entry.accountNumberHash) && isSecretHash(entry.pinHash)).toBe(true);
        expect(entry.pinHash.startsWith("scrypt$16384$8$1$")).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  describe("from an HTTP directory", () => {
    let server: Server;
    let body = "";
    beforeAll(async () => {
      server = createServer((req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
      });
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    });
    afterAll(() => new Promise((done) => server.close(done)));

    it("answers with well-formed entries or DirectoryUnavailableError, whatever the directory sends", async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.array(hostileRecord, { maxLength: 4 }).map((subscribers) => JSON.stringify({ subscribers })),
            fc.jsonValue().map((value) => JSON.stringify(value)),
            fc.string(),
          ),
          async (answer) => {
            body = answer;
            try {
              const entries = await httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(10_000));
              for (const entry of entries.values()) expect(isSecretHash(entry.pinHash)).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(DirectoryUnavailableError);
            }
          },
        ),
        { numRuns: Math.max(20, Math.floor(RUNS / 4)) },
      );
    });
  });
});

describe("hostile request text (fast-check)", () => {
  it("refuses a request with a character XML forbids, and no answer ever carries one", () => {
    const value = fc.string({ unit: "binary", maxLength: 30 }).map((s) => s.replace(/[<&]/g, ""));
    fc.assert(
      fc.property(value, value, (pon, number) => {
        const xml = `<PortOutValidationRequest><PON>${pon}</PON><TelephoneNumbers><TelephoneNumber>${number}</TelephoneNumber></TelephoneNumbers></PortOutValidationRequest>`;
        try {
          const request = parsePortOutRequest(Buffer.from(xml));
          const answer = portOutResponseXml({
            portable: false,
            pon: request.pon,
            errors: [
              { code: 7516, description: `Telephone Number not recognized: ${request.telephoneNumbers[0]}` },
            ],
            acceptableNumbers: request.telephoneNumbers,
            checks: [],
            basis: "directory",
            wrongPinNumbers: [],
          });
          expect(answer).not.toMatch(XML_FORBIDDEN);
          expect(`${pon}${number}`).not.toMatch(XML_FORBIDDEN);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedBodyError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
