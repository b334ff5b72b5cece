import { ConfigError } from "../../lib/errors.ts";

export interface CliTarget {
  queueUrl: string;
  bucket: string;
  description: string;
}

/**
 * Where an operator command acts. In AWS: set `EVENTS_QUEUE_URL` and `ARCHIVE_BUCKET` (the stack
 * outputs `EventsQueueUrl` and `ArchiveBucketName`) with your usual AWS credentials. Without them,
 * the command acts on the local pipeline of `npm start` (its emulator on `EMULATOR_PORT`, 4566).
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): CliTarget {
  if (env.EVENTS_QUEUE_URL || env.ARCHIVE_BUCKET) {
    if (!env.EVENTS_QUEUE_URL)
      throw new ConfigError("EVENTS_QUEUE_URL", "is required when ARCHIVE_BUCKET is set");
    if (!env.ARCHIVE_BUCKET)
      throw new ConfigError("ARCHIVE_BUCKET", "is required when EVENTS_QUEUE_URL is set");
    return {
      queueUrl: env.EVENTS_QUEUE_URL,
      bucket: env.ARCHIVE_BUCKET,
      description: `AWS (${env.ARCHIVE_BUCKET})`,
    };
  }
  const emulator = `http://127.0.0.1:${env.EMULATOR_PORT ?? "4566"}`;
  env.AWS_ENDPOINT_URL_SQS ??= emulator;
  env.AWS_ENDPOINT_URL_S3 ??= emulator;
  env.AWS_REGION ??= "us-east-1";
  env.AWS_ACCESS_KEY_ID ??= "local";
  env.AWS_SECRET_ACCESS_KEY ??= "local";
  return {
    queueUrl: `${emulator}/000000000000/EventsQueue.fifo`,
    bucket: "archivebucket",
    description: `the local pipeline (${emulator})`,
  };
}
