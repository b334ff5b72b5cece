import { S3Client } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { type FauxqsServer, startFauxqs } from "fauxqs";
import { type SendMessage, type Sqs, sqs, sqsSendMessage } from "../../lib/aws/sqs.ts";
import { localClientConfig, localServiceEnvironment } from "../../scripts/local/clientConfig.ts";
import { type AwsJsonProxy, startAwsJsonProxy } from "./awsJsonProxy.ts";

export interface Emulator {
  server: FauxqsServer;
  /** A real SQS client pointed at it. */
  client: SQSClient;
  /** The functions' signed SendMessage (lib/aws/sqs.ts) pointed at it: what a publisher sends with. */
  sendMessage: SendMessage;
  /** The fan-out's and deliver's SQS calls (lib/aws/sqs.ts) pointed at it, as `npm start` points them. */
  sqs: Sqs;
  /** A real S3 client pointed at it. */
  s3: S3Client;
  stop(): Promise<void>;
}

/** The embedded SQS/S3 emulator on a free port, with real SDK clients and the functions' SQS calls pointed at it. */
export async function startEmulator(): Promise<Emulator> {
  const server = await startFauxqs({ port: 0, logger: false });
  const client = new SQSClient({ ...localClientConfig(server.address), useQueueUrlAsEndpoint: false });
  const s3 = s3ClientFor(server);
  return {
    server,
    client,
    sendMessage: sqsSendMessage(localServiceEnvironment("sqs", server.address)),
    sqs: sqs("ownQueues", localServiceEnvironment("sqs", server.address)),
    s3,
    async stop() {
      client.destroy();
      s3.destroy();
      await server.stop();
    },
  };
}

/**
 * The embedded emulator behind the recording proxy (./awsJsonProxy.ts), with the functions' SendMessage
 * sent through the proxy: for tests of what goes on the wire and of answers the emulator does not give.
 */
export async function startProxiedEmulator(): Promise<{
  emulator: Emulator;
  proxy: AwsJsonProxy;
  proxiedSendMessage: SendMessage;
  stop(): Promise<void>;
}> {
  const emulator = await startEmulator();
  const proxy = await startAwsJsonProxy(emulator.server.address);
  return {
    emulator,
    proxy,
    proxiedSendMessage: sqsSendMessage(localServiceEnvironment("sqs", proxy.url)),
    async stop() {
      await proxy.stop();
      await emulator.stop();
    },
  };
}

export async function createFifoQueue(client: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: "true" } }),
  );
  if (!QueueUrl) throw new Error("no queue URL");
  return QueueUrl;
}

/**
 * Takes every message currently on a queue (up to `max`), with their system attributes. Each batch
 * is deleted once received: a FIFO queue hands out no further message of a group while one of that
 * group is in flight, so reading without deleting would miss the rest of every group.
 */
export async function drain(client: SQSClient, queueUrl: string, max = 100) {
  const messages = [];
  while (messages.length < max) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) break;
    messages.push(...Messages);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
  return messages;
}

/** A real S3 client on the emulator (path-style, as the emulator serves it). */
export function s3ClientFor(server: FauxqsServer): S3Client {
  return new S3Client({ ...localClientConfig(server.address), forcePathStyle: true });
}
