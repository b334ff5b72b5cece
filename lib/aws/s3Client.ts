import { S3Client } from "@aws-sdk/client-s3";

/**
 * The S3 client for the archive. Locally `AWS_ENDPOINT_URL_S3` points at the embedded emulator,
 * which serves path-style URLs; in AWS the default virtual-hosted style is used.
 */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
}
