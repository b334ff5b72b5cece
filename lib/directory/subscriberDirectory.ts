import type { DirectoryEntry } from "./directoryEntry.ts";

/**
 * Where port-out decisions get their facts. Two backends: the DynamoDB table of `serverless.yml`
 * (`dynamodbDirectory.ts`) and an operator's own HTTP endpoint (`httpDirectory.ts`).
 */
export interface SubscriberDirectory {
  /** `dynamodb` or `http`, for logs and the audit trail. */
  readonly kind: string;
  /**
   * The records of the given E.164 numbers; a number the directory does not know is simply absent.
   * Must stop when `signal` aborts. Throws DirectoryUnavailableError when it cannot answer.
   */
  lookup(numbers: readonly string[], signal: AbortSignal): Promise<Map<string, DirectoryEntry>>;
}
