import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

/** Every key under a prefix, page by page. */
export async function* listKeys(client: S3Client, bucket: string, prefix: string): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    token = page.NextContinuationToken;
  } while (token);
}
