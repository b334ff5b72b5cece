import type { SQSRecord } from "aws-lambda";

/** Where a message group stopped: the record that could not be done and the ones after it. */
export interface StoppedGroup<Reason> {
  reason: Reason;
  /** The record that stopped the group, then the later ones of its group (not attempted). */
  records: SQSRecord[];
}

/**
 * Processes a batch from an SQS FIFO queue the way FIFO allows: message groups concurrently (at
 * most `limit` at once), the records of one group one after the other. `handle` returns undefined
 * when a record is done, or a reason to stop: then that record and the later ones of its group are
 * left undone, so none of them overtakes it. (Powertools' FIFO processor does the stopping too, but
 * runs every group one after the other.)
 */
export async function processFifoGroups<Reason>(
  records: readonly SQSRecord[],
  limit: number,
  handle: (record: SQSRecord) => Promise<Reason | undefined>,
): Promise<StoppedGroup<Reason>[]> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const group = groupOf(record);
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  const queue = [...groups.values()];
  const stopped: StoppedGroup<Reason>[] = [];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const [index, record] of group.entries()) {
        const reason = await handle(record);
        if (reason === undefined) continue;
        stopped.push({ reason, records: group.slice(index) });
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  return stopped;
}

/** A FIFO record's message group (its own id when it has none, so it stands alone). */
export function groupOf(record: SQSRecord): string {
  return record.attributes.MessageGroupId ?? record.messageId;
}

/**
 * The failed records and, so none of them is overtaken when they come back, every later record of
 * their groups, in the batch's order.
 */
export function withLaterOfTheirGroups(
  records: readonly SQSRecord[],
  failed: ReadonlySet<SQSRecord>,
): SQSRecord[] {
  const stopped = new Set<string>();
  return records.filter((record) => {
    if (failed.has(record)) stopped.add(groupOf(record));
    return stopped.has(groupOf(record));
  });
}
