import { toE164 } from "../phone.ts";
import { DirectoryUnavailableError } from "./errors.ts";
import { isSecretHash } from "./secretHash.ts";

/**
 * What the subscriber directory knows about one telephone number: the account it belongs to, whether
 * it is in service, and that account's credentials. Account number and PIN are salted hashes
 * (`secretHash.ts`); ZIP and subscriber name are kept as given.
 */
export interface DirectoryEntry {
  /** E.164. */
  telephoneNumber: string;
  accountId: string;
  active: boolean;
  accountNumberHash: string;
  pinHash: string;
  zipCode: string | null;
  subscriberName: string | null;
}

/**
 * Reads one directory record (a DynamoDB item as plain values, or one element of the HTTP backend's
 * answer). A record that is not well formed is a data error on our side: it makes the directory
 * unusable for this request rather than silently approving or rejecting the number.
 */
export function toDirectoryEntry(record: Record<string, unknown>): DirectoryEntry {
  const telephoneNumber = typeof record.telephoneNumber === "string" ? toE164(record.telephoneNumber) : null;
  const { accountId, status, accountNumberHash, pinHash } = record;
  const problem =
    (telephoneNumber === null && "telephoneNumber") ||
    (!nonEmpty(accountId) && "accountId") ||
    (status !== "active" && status !== "inactive" && "status") ||
    (!(typeof accountNumberHash === "string" && isSecretHash(accountNumberHash)) && "accountNumberHash") ||
    (!(typeof pinHash === "string" && isSecretHash(pinHash)) && "pinHash") ||
    (!optionalString(record.zipCode) && "zipCode") ||
    (!optionalString(record.subscriberName) && "subscriberName");
  if (problem || telephoneNumber === null) {
    throw new DirectoryUnavailableError("invalid-record", `directory record has an invalid ${problem}`);
  }
  return {
    telephoneNumber,
    accountId: accountId as string,
    active: status === "active",
    accountNumberHash: accountNumberHash as string,
    pinHash: pinHash as string,
    zipCode: nonEmpty(record.zipCode) ? record.zipCode : null,
    subscriberName: nonEmpty(record.subscriberName) ? record.subscriberName : null,
  };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function optionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === "string";
}
