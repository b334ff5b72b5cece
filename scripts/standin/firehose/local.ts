import { S3Client } from "@aws-sdk/client-s3";
import { localClientConfig } from "../../local/clientConfig.ts";
import type { DeliveryStreamSpec } from "../../local/template.ts";
import { type FirehoseStandIn, startFirehoseStandIn } from "./server.ts";

/**
 * The Firehose stand-in `npm start` serves: the template's delivery streams (locally named by their
 * logical id, as queues are), writing to the buckets on the embedded emulator at `emulatorUrl`.
 */
export async function startLocalFirehose(options: {
  host: string;
  port: number;
  emulatorUrl: string;
  streams: readonly DeliveryStreamSpec[];
  /** Bucket logical id → local bucket name. */
  buckets: ReadonlyMap<string, string>;
}): Promise<FirehoseStandIn> {
  const s3 = new S3Client({ ...localClientConfig(options.emulatorUrl), forcePathStyle: true });
  const standIn = await startFirehoseStandIn({
    s3,
    host: options.host,
    port: options.port,
    streams: options.streams.map((stream) => {
      const bucket = options.buckets.get(stream.bucket);
      if (!bucket)
        throw new Error(`serverless.yml: ${stream.logicalId} delivers to unknown bucket ${stream.bucket}`);
      return {
        name: stream.logicalId,
        bucket,
        prefix: stream.prefix,
        intervalSeconds: stream.intervalSeconds,
        sizeBytes: stream.sizeMb * 1024 * 1024,
      };
    }),
  });
  return {
    ...standIn,
    async close() {
      await standIn.close();
      s3.destroy();
    },
  };
}
