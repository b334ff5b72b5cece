import type { SQSRecord } from "aws-lambda";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { messageGroupId } from "../../lib/queue/messageGroup.ts";

/** An SQS FIFO record carrying an event, as Lambda's event source mapping delivers it. */
export function recordOf(event: CanonicalEvent, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: "0",
      MessageGroupId: messageGroupId(event),
      MessageDeduplicationId: event.id,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:events.fifo",
    awsRegion: "us-east-1",
  };
}
