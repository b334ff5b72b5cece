import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";

/** The stack outputs the register command reads (serverless/outputs.yml). */
export interface CallbackUrls {
  BandwidthV1NotificationsUrl: string;
  BandwidthPortoutValidationUrl: string;
  BandwidthV2NotificationsUrl: string;
  TelnyxNotificationsUrl: string;
}

const NAMES = [
  "BandwidthV1NotificationsUrl",
  "BandwidthPortoutValidationUrl",
  "BandwidthV2NotificationsUrl",
  "TelnyxNotificationsUrl",
] as const;

/**
 * The deployed stack's callback URLs, from CloudFormation `DescribeStacks` (what `sls info` prints),
 * with the operator's usual AWS credentials.
 */
export async function deployedCallbackUrls(
  client: CloudFormationClient,
  stackName: string,
): Promise<CallbackUrls> {
  let outputs: { OutputKey?: string; OutputValue?: string }[];
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = answer.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    throw new Error(
      `cannot read the outputs of stack ${stackName}: ${(error as Error).message} (deployed? right --stage and --region?)`,
      {
        cause: error,
      },
    );
  }
  const value = (name: string) => {
    const found = outputs.find((output) => output.OutputKey === name)?.OutputValue;
    if (!found) throw new Error(`stack ${stackName} has no output ${name}: deploy this version first`);
    return found;
  };
  return Object.fromEntries(NAMES.map((name) => [name, value(name)])) as unknown as CallbackUrls;
}

/** The URLs of `npm start` (`http://127.0.0.1:${PORT:-3000}`), the same paths as the stack's. */
export function localCallbackUrls(env: NodeJS.ProcessEnv): CallbackUrls {
  const base = `http://${env.HOST || "127.0.0.1"}:${env.PORT || "3000"}`;
  return {
    BandwidthV1NotificationsUrl: `${base}/bandwidth/v1/notifications`,
    BandwidthPortoutValidationUrl: `${base}/bandwidth/v1/portout-validation`,
    BandwidthV2NotificationsUrl: `${base}/bandwidth/v2/notifications`,
    TelnyxNotificationsUrl: `${base}/telnyx/notifications`,
  };
}

export { CloudFormationClient };
