import type { FallbackRecord, FallbackStore } from "../archive/fallbackStore.ts";

/** The one thing ingest does with the fallback archive. */
export type FallbackWriter = Pick<FallbackStore, "put">;

/**
 * The fallback archive for ingest, with the S3 client and its module loaded at the first write: only
 * when the queue is down does a request need S3, so a cold start does not pay for it (about 100 KiB
 * of bundled code evaluated, see `npm run bench`, cold start).
 */
export function lazyFallbackWriter(bucket: string): FallbackWriter {
  let store: Promise<FallbackStore> | undefined;
  return {
    async put(record: FallbackRecord) {
      store ??= loadStore(bucket);
      return (await store).put(record);
    },
  };
}

async function loadStore(bucket: string): Promise<FallbackStore> {
  const [{ createFallbackStore }, { createS3Client }] = await Promise.all([
    import("../archive/fallbackStore.ts"),
    import("../aws/s3Client.ts"),
  ]);
  return createFallbackStore(createS3Client(), bucket);
}
