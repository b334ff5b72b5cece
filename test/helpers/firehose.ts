import { resolve } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type Firehose, firehose } from "../../lib/aws/firehose.ts";
import { localServiceEnvironment } from "../../scripts/local/clientConfig.ts";
import { readServiceTemplate } from "../../scripts/local/template.ts";
import { type FirehoseStandIn, startFirehoseStandIn } from "../../scripts/standin/firehose/server.ts";
import type { Emulator } from "./emulator.ts";

/** The raw archive's delivery stream as serverless.yml declares it. */
export const ARCHIVE_STREAM = (() => {
  const template = readServiceTemplate(resolve(import.meta.dirname, "../../serverless.yml"));
  const [stream] = template.deliveryStreams;
  if (!stream) throw new Error("serverless.yml declares no delivery stream");
  return stream;
})();

export interface ArchiveStream {
  standIn: FirehoseStandIn;
  /** The fan-out's Firehose calls (lib/aws/firehose.ts) pointed at the stand-in. */
  client: Firehose;
  /** The stream's name on the stand-in. */
  name: string;
  stop(): Promise<void>;
}

/**
 * The Firehose stand-in with the template's archive stream (its prefix), delivering to `bucket` on the
 * emulator (created here), and the fan-out's calls pointed at it. Nothing is written until `standIn.flush()` or the
 * local interval (`flushMs`, default: an hour, so tests flush when they mean to).
 */
export async function startArchiveStream(
  emulator: Pick<Emulator, "s3">,
  bucket: string,
  flushMs = 3_600_000,
): Promise<ArchiveStream> {
  await emulator.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const name = ARCHIVE_STREAM.logicalId;
  const standIn = await startFirehoseStandIn({
    s3: emulator.s3,
    flushMs,
    streams: [
      {
        name,
        bucket,
        prefix: ARCHIVE_STREAM.prefix,
        intervalSeconds: ARCHIVE_STREAM.intervalSeconds,
        sizeBytes: ARCHIVE_STREAM.sizeMb * 1024 * 1024,
      },
    ],
  });
  return {
    standIn,
    client: firehose(localServiceEnvironment("firehose", standIn.url)),
    name,
    async stop() {
      await standIn.close();
    },
  };
}
