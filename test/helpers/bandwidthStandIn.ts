import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { BandwidthApiRoute } from "../../scripts/standin/bandwidth/route.ts";
import { startBandwidthApiStandIn } from "../../scripts/standin/bandwidth/server.ts";
import { subscriptionsRoute } from "../../scripts/standin/bandwidth/subscriptions.ts";

export const STAND_IN_ACCOUNT = {
  accountId: "9912345",
  username: "api-user",
  password: "api-password",
} as const;

/**
 * The Bandwidth Dashboard API stand-in with its subscriptions resource, on a free port, and a clock
 * the test moves on (`advance`) instead of waiting. `before` routes are asked first (to refuse one
 * request as Bandwidth would).
 */
export async function startSubscriptionsStandIn(before: BandwidthApiRoute[] = []) {
  let now = 1_800_000_000;
  let base = "";
  const subscriptions = subscriptionsRoute({ baseUrl: () => base, now: () => now });
  const standIn = await startBandwidthApiStandIn({
    ...STAND_IN_ACCOUNT,
    routes: [...before, subscriptions.route],
  });
  base = `${standIn.url}/accounts/${STAND_IN_ACCOUNT.accountId}`;
  return {
    url: standIn.url,
    stored: subscriptions.stored,
    advance(seconds: number) {
      now += seconds;
    },
    close: () => standIn.close(),
  };
}

/**
 * A real CloudFormationClient whose DescribeStacks stops at a middleware answering with these
 * outputs: CloudFormation has no local emulator, so it is stood in for at the client.
 */
export function cloudFormationAnswering(stacks: Record<string, Record<string, string>>) {
  const client = new CloudFormationClient({
    region: "us-east-1",
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  client.middlewareStack.add(
    () => async (args) => {
      const { StackName } = (args.input ?? {}) as { StackName: string };
      const outputs = stacks[StackName];
      if (!outputs)
        throw Object.assign(new Error(`Stack with id ${StackName} does not exist`), {
          name: "ValidationError",
        });
      return {
        output: {
          Stacks: [
            {
              StackName,
              Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
                OutputKey,
                OutputValue,
              })),
            },
          ],
          $metadata: {},
        },
        response: {},
      };
    },
    { step: "initialize", name: "answerLikeCloudFormation" },
  );
  return client;
}
