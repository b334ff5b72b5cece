import { Readable } from "node:stream";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";

export interface RecordedRequest {
  host: string;
  target: string | undefined;
  body: Record<string, unknown>;
}

/**
 * EventBridge has no emulator: this is the real EventBridgeClient (serialization, signing, response
 * parsing) with its HTTP handler replaced by one that records each request and returns `answer`.
 * Tests assert on the exact PutEvents request.
 */
export function recordingEventBridge(answer: { status: number; body: Record<string, unknown> }) {
  const requests: RecordedRequest[] = [];
  const client = new EventBridgeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { hostname: string; headers: Record<string, string>; body: Uint8Array }) => {
        requests.push({
          host: request.hostname,
          target: request.headers["x-amz-target"],
          body: JSON.parse(new TextDecoder().decode(request.body)),
        });
        return {
          response: {
            statusCode: answer.status,
            headers: { "content-type": "application/x-amz-json-1.1" },
            body: Readable.from([Buffer.from(JSON.stringify(answer.body))]),
          },
        };
      },
    } as never,
  });
  return { client, requests };
}
