/**
 * AWS list prices used by the cost model (us-east-1, on-demand, first pricing tier), as published on
 * the AWS pricing pages for API Gateway, Lambda, SQS, S3, Firehose, DynamoDB and CloudWatch. Update them here.
 */
export const PRICES = {
  /** API Gateway HTTP API, per request (first 300 million a month): https://aws.amazon.com/api-gateway/pricing/ */
  httpApiRequest: 1.0 / 1e6,
  /** Lambda, per request: https://aws.amazon.com/lambda/pricing/ */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda on arm64, per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  /** SQS FIFO, per request (each 64 KiB chunk of a request is billed as one): https://aws.amazon.com/sqs/pricing/ */
  sqsFifoRequest: 0.5 / 1e6,
  /** S3 Standard PUT, per request: https://aws.amazon.com/s3/pricing/ */
  s3Put: 0.005 / 1000,
  /** S3 Standard storage, per GB-month. */
  s3GbMonth: 0.023,
  /**
   * Amazon Data Firehose, Direct PUT ingestion, per GB (first 500 TB a month); "calculated per GB
   * ingested in 5KB increments (a 3KB record is billed as 5KB, a 12KB record is billed as 15KB)",
   * per record, not per call: https://aws.amazon.com/firehose/pricing/
   */
  firehoseIngestGb: 0.029,
  firehoseRecordIncrementBytes: 5 * 1024,
  /**
   * DynamoDB on-demand, per write and per read request unit (us-east-1 after the November 2024 price
   * cut; $1.25 and $0.25 before): https://aws.amazon.com/dynamodb/pricing/on-demand/
   */
  dynamodbWriteRequest: 0.625 / 1e6,
  dynamodbReadRequest: 0.125 / 1e6,
  /** CloudWatch Logs ingestion, per GB (standard logs): https://aws.amazon.com/cloudwatch/pricing/ */
  logsIngestGb: 0.5,
} as const;
