import type { PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
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

/**
 * Publishes each event to an SNS topic (standard or FIFO). The SNS client's module is loaded at the first
 * delivery: a fan-out or deliver function whose DESTINATIONS has no SNS entry (the default) never
 * evaluates it (`npm run bench`, cold start).
 */
export function createSnsDriver(
  client: () => SNSClient | Promise<SNSClient>,
): DestinationDriver<SnsDestinationConfig, PublishCommandInput> {
  return {
    type: "sns",
    parseConfig(raw, where, env) {
      rejectUnknownKeys(raw, ["name", "type", "topicArn", "topicArnEnv"], where);
      const topicArn = resourceAt(raw, "topicArn", where, env);
      return { name: stringAt(raw, "name", where), type: "sns", topicArn, fifo: topicArn.endsWith(".fifo") };
    },
    format: snsMessage,
    async deliver(input) {
      try {
        const { PublishCommand } = await import("@aws-sdk/client-sns");
        await (await client()).send(new PublishCommand(input));
      } catch (error) {
        throw awsDeliveryError(error, "SNS Publish");
      }
    },
  };
}

let shared: Promise<SNSClient> | undefined;
export const snsDriver = createSnsDriver(() => {
  shared ??= import("@aws-sdk/client-sns").then(({ SNSClient }) => new SNSClient({}));
  return shared;
});
