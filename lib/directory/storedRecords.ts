import { toE164 } from "../phone.ts";
import { isPinShaped, normalizeAccountNumber, normalizePin } from "./credentialMatching.ts";
import { hashSecret } from "./secretHash.ts";

/** One directory record as an operator writes it in the import file (clear PIN and account number). */
export interface SubscriberRecordInput {
  telephoneNumber: string;
  accountId: string;
  /** `active` (default) or `inactive`. */
  status?: string;
  accountNumber: string;
  pin: string;
  zipCode?: string;
  subscriberName?: string;
}

/** A record as stored: secrets replaced by salted hashes. The shape `toDirectoryEntry` reads. */
export interface StoredSubscriberRecord {
  telephoneNumber: string;
  accountId: string;
  status: "active" | "inactive";
  accountNumberHash: string;
  pinHash: string;
  zipCode?: string;
  subscriberName?: string;
  updatedAt: string;
}

/** A record the import refuses, with the line (CSV) or index (JSON) it came from. */
export class InvalidRecordError extends Error {
  override name = "InvalidRecordError";
}

/**
 * Turns import rows into stored records: numbers to E.164, secrets normalized then hashed. Rows of
 * one account with the same account number and PIN share one hash pair, so importing thousands of
 * numbers costs one scrypt per account, not per number. Throws on the first invalid row, naming it.
 */
export async function toStoredRecords(
  rows: readonly { where: string; row: Record<string, string | undefined> }[],
  now: Date = new Date(),
): Promise<StoredSubscriberRecord[]> {
  const hashes = new Map<string, Promise<[string, string]>>();
  const records: StoredSubscriberRecord[] = [];
  for (const { where, row } of rows) {
    const input = readRow(row, where);
    const accountNumber = normalizeAccountNumber(input.accountNumber);
    const pin = normalizePin(input.pin);
    const key = JSON.stringify([input.accountId, accountNumber, pin]);
    let pair = hashes.get(key);
    if (!pair) {
      pair = Promise.all([hashSecret(accountNumber), hashSecret(pin)]);
      hashes.set(key, pair);
    }
    const [accountNumberHash, pinHash] = await pair;
    records.push({
      telephoneNumber: input.telephoneNumber,
      accountId: input.accountId,
      status: input.status === "inactive" ? "inactive" : "active",
      accountNumberHash,
      pinHash,
      ...(input.zipCode ? { zipCode: input.zipCode } : {}),
      ...(input.subscriberName ? { subscriberName: input.subscriberName } : {}),
      updatedAt: now.toISOString(),
    });
  }
  return records;
}

function readRow(row: Record<string, string | undefined>, where: string): SubscriberRecordInput {
  const value = (name: string) => row[name]?.trim() || undefined;
  const fail = (problem: string) => new InvalidRecordError(`${where}: ${problem}`);
  const telephoneNumber = toE164(value("telephoneNumber") ?? "");
  if (!telephoneNumber) throw fail("telephoneNumber is missing or not a phone number");
  const accountId = value("accountId");
  if (!accountId) throw fail("accountId is required");
  const status = value("status") ?? "active";
  if (status !== "active" && status !== "inactive") throw fail(`status must be active or inactive`);
  const accountNumber = value("accountNumber");
  if (!accountNumber) throw fail("accountNumber is required");
  const pin = value("pin");
  if (!pin || !isPinShaped(normalizePin(pin))) throw fail("pin is required: 1 to 10 digits");
  const zipCode = value("zipCode");
  const subscriberName = value("subscriberName");
  return {
    telephoneNumber,
    accountId,
    status,
    accountNumber,
    pin,
    ...(zipCode ? { zipCode } : {}),
    ...(subscriberName ? { subscriberName } : {}),
  };
}
