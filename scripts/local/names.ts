import { intEnv } from "../../lib/config/env.ts";

/**
 * The ports `npm start` listens on unless `EMULATOR_PORT`, `DYNAMODB_PORT`, `BANDWIDTH_API_PORT` or
 * `FIREHOSE_PORT` says otherwise.
 */
export const LOCAL_PORTS = {
  EMULATOR_PORT: 4566,
  DYNAMODB_PORT: 8000,
  BANDWIDTH_API_PORT: 4599,
  FIREHOSE_PORT: 4573,
} as const;

/** The port the variable `name` sets (`0`: any free port), `fallback` when it is not set. */
export function localPort(name: string, fallback: number): number {
  return process.env[name] === "0" ? 0 : intEnv(name, fallback);
}

/** Locally a queue is named by its logical id (`EventsQueue.fifo`). */
export function localQueueName(logicalId: string, fifo: boolean): string {
  return fifo ? `${logicalId}.fifo` : logicalId;
}

/** Locally a bucket is named by its logical id in lower case, as S3 bucket names must be (`archivebucket`). */
export function localBucketName(logicalId: string): string {
  return logicalId.toLowerCase();
}
