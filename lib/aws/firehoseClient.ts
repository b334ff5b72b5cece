import { FirehoseClient } from "@aws-sdk/client-firehose";

/**
 * The Firehose client of the raw archive, the fan-out's only use of it. The SDK's standard retries
 * cover a throttled or failed call; records a call rejected one by one are retried by the archive
 * (lib/archive/firehoseArchive.ts). Locally `AWS_ENDPOINT_URL_FIREHOSE` (the SDK's service-specific
 * endpoint variable for the service id "Firehose") points at the stand-in, scripts/standin/firehose.
 */
export function createFirehoseClient(): FirehoseClient {
  return new FirehoseClient({});
}
