/** The region and credentials of everything local: the emulators accept any, and AWS is never reached. */
export const LOCAL_REGION = "us-east-1";
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** AWS SDK client settings for a local emulator listening at `endpoint`. */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
}

/**
 * The same settings as the SDK's standard environment variables, for code that builds its clients
 * from the environment (the functions, and the `lib/` factories the operator commands share with them).
 */
export function localAwsEnvironment(endpoints: {
  sqs: string;
  sns: string;
  s3: string;
  dynamodb: string;
  /** The Firehose stand-in, for the functions (the operator commands do not write to Firehose). */
  firehose?: string;
}): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    ...(endpoints.firehose ? { AWS_ENDPOINT_URL_FIREHOSE: endpoints.firehose } : {}),
  };
}

/**
 * The environment lib/aws/signedJsonRequest.ts reads (region, credentials, `AWS_ENDPOINT_URL_<SERVICE>`),
 * for one service (`dynamodb`, `firehose`) at a local `endpoint`: what tests give the calls made without an SDK client.
 */
export function localServiceEnvironment(service: string, endpoint: string): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    [`AWS_ENDPOINT_URL_${service.toUpperCase()}`]: endpoint,
  };
}
