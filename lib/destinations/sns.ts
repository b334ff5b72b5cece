import { PublishCommand, type PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
import type { CanonicalEvent } from "../event/canonical.ts";
import { asciiJson } from "../queue/asciiJson.ts";
import { messageGroupId, sqsSafe } from "../queue/messageGroup.ts";
import { awsDeliveryError } from "./awsErrors.ts";
import { rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { DestinationDriver } from "./driver.ts";
import { resourceAt } from "./resourceRef.ts";

export interface SnsDestinationConfig {
  name: string;
  type: "sns";
  topicArn: string;
  fifo: boolean;
}

/**
 * The canonical event as the message, with `type`, `provider` and `status` as message attributes so
 * subscriptions can filter without parsing the body.
 */
export function snsMessage(event: CanonicalEvent, config: SnsDestinationConfig): PublishCommandInput {
  return {
    TopicArn: config.topicArn,
    // Non-ASCII as \u escapes, as for SQS (where SNS usually delivers).
    Message: asciiJson(event),
    MessageAttributes: {
      type: { DataType: "String", StringValue: event.type },
      provider: { DataType: "String", StringValue: event.data.provider },
      ...(event.data.status ? { status: { DataType: "String", StringValue: event.data.status } } : {}),
    },
    ...(config.fifo
      ? { MessageGroupId: messageGroupId(event), MessageDeduplicationId: sqsSafe(event.id) }
      : {}),
  };
}

/** Publishes each event to an SNS topic (standard or FIFO). */
export function createSnsDriver(
  client: () => SNSClient,
): DestinationDriver<SnsDestinationConfig, PublishCommandInput> {
  return {
    type: "sns",
    parseConfig(raw, where) {
      rejectUnknownKeys(raw, ["name", "type", "topicArn", "topicArnEnv"], where);
      const topicArn = resourceAt(raw, "topicArn", where);
      return { name: stringAt(raw, "name", where), type: "sns", topicArn, fifo: topicArn.endsWith(".fifo") };
    },
    format: snsMessage,
    async deliver(input) {
      try {
        await client().send(new PublishCommand(input));
      } catch (error) {
        throw awsDeliveryError(error, "SNS Publish");
      }
    },
  };
}

let shared: SNSClient | undefined;
export const snsDriver = createSnsDriver(() => {
  shared ??= new SNSClient({});
  return shared;
});
