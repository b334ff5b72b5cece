import type { AwsEndpoint } from "./signedJsonRequest.ts";

/**
 * A region in an SQS host name: `sqs.eu-west-1.amazonaws.com`, `sqs-fips.us-gov-west-1.amazonaws.com`,
 * `sqs.eu-west-1.api.aws` (dual-stack), `sqs.cn-north-1.amazonaws.com.cn`, and the legacy
 * `eu-west-1.queue.amazonaws.com` that older queue URLs carry
 * (https://docs.aws.amazon.com/general/latest/gr/sqs-service.html).
 */
const REGION_IN_HOST = /(?:^|\.)([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:queue\.)?(?:amazonaws\.com|api\.aws)/;
/** The legacy endpoint of us-east-1, without a region in its name. */
const LEGACY_US_EAST_1 = "queue.amazonaws.com";

/**
 * Where a request about the queue at `queueUrl` goes, and the region it is signed for, for a queue
 * that may be in another region or account than the function (an SQS destination). Unless an endpoint
 * is configured (`AWS_ENDPOINT_URL_SQS` or `AWS_ENDPOINT_URL`: locally the embedded emulator, which
 * does not serve the host inside its queue URLs), it is the queue URL's own host, as the SDK's
 * `useQueueUrlAsEndpoint` does (@aws-sdk/middleware-sdk-sqs, queueUrlMiddleware). Unlike that
 * middleware, the signature's region is the queue's, read from the host: SQS refuses a signature
 * scoped to another region ("Credential should be scoped to a valid region"), so a queue in another
 * region needs both. A host without a region in it (a proxy) is signed for the function's region.
 * Undefined when the configured endpoint applies, or the queue URL is no URL (SQS then answers what is
 * wrong with it, as to the SDK, whose middleware also keeps its endpoint then).
 */
export function sqsEndpointOf(queueUrl: string, env: NodeJS.ProcessEnv): AwsEndpoint | undefined {
  if (env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL) return undefined;
  if (!URL.canParse(queueUrl)) return undefined;
  const { origin, hostname } = new URL(queueUrl);
  const region =
    REGION_IN_HOST.exec(hostname)?.[1] ??
    (hostname === LEGACY_US_EAST_1 ? "us-east-1" : (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? ""));
  return { url: origin, region };
}
