/**
 * How the cost model turns figures measured on this machine into Lambda durations in AWS: the CPU
 * measured here, stretched by the share of a vCPU the function's memory buys, plus the documented
 * latency of each AWS request the function waits for (not the embedded emulator's, which answers in
 * microseconds from the same process).
 */

/**
 * Lambda gives a function CPU in proportion to its memory: "At 1,769 MB, a function has the
 * equivalent of one vCPU". https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
const ONE_VCPU_MB = 1769;

/**
 * "Typical latencies for SendMessage, ReceiveMessage, and DeleteMessage API requests are in the tens
 * or low hundreds of milliseconds." https://aws.amazon.com/sqs/faqs/ — the model takes 20 ms (tens).
 */
export const SQS_REQUEST_MS = 20;

/**
 * S3, small requests (under 512 KB): "median latencies … often in the tens of milliseconds range".
 * https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html
 * — the model takes 50 ms per PUT.
 */
export const S3_REQUEST_MS = 50;

/**
 * DynamoDB: "consistent single-digit millisecond response times at any scale"
 * (https://aws.amazon.com/dynamodb/) — the model takes 10 ms per request.
 */
export const DYNAMODB_REQUEST_MS = 10;

/** Lambda bills duration rounded up to the millisecond, 1 ms at least: https://aws.amazon.com/lambda/pricing/ */
export function billedMillis(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

/** Milliseconds of work measured on one core here, on a Lambda function with `memoryMb`, plus the AWS requests it waits for. */
export function lambdaMillis(cpuMillisHere: number, memoryMb: number, awaitedMillis: number): number {
  return (cpuMillisHere * ONE_VCPU_MB) / Math.min(memoryMb, ONE_VCPU_MB) + awaitedMillis;
}
