import { eventLogKeys } from "../event/logKeys.ts";
import { logger } from "../log.ts";
import type { Publisher } from "../queue/publisher.ts";
import type { FallbackStore } from "./fallbackStore.ts";

export interface RecoveryResult {
  recovered: string[];
  failed: string[];
}

/**
 * Queues the events that ingest accepted while the queue was down (the fallback archive), then
 * deletes each fallback object. The event keeps its id, so a second run before the delete (a crash
 * in between) is dropped by the FIFO queue's deduplication within its 5-minute window; after that a
 * repeat is possible and consumers deduplicate on the id, as for any at-least-once delivery.
 */
export async function recoverFallback(
  store: FallbackStore,
  publisher: Publisher,
  deadline: number,
): Promise<RecoveryResult> {
  const result: RecoveryResult = { recovered: [], failed: [] };
  for await (const key of store.list()) {
    if (Date.now() >= deadline) break;
    try {
      const { raw, event } = await store.get(key);
      await publisher.publish(event, Math.min(deadline, Date.now() + 5000), raw);
      await store.delete(key);
      result.recovered.push(event.id);
      logger.info("recovered from the fallback archive", { ...eventLogKeys(event), key });
    } catch (error) {
      result.failed.push(key);
      logger.error("recovery failed, will try again", { key, error });
    }
  }
  return result;
}
