/**
 * `npm run register -- [--stage S] [--region R] [--dry-run] [--check] [--update-credentials]
 * [--rotate-password [--rotation-wait-seconds 330]] [--order-types portins,orders]`: subscribes the deployed stack's callback URLs with Bandwidth
 * (docs/registering-urls.md). `--stage local` registers `npm start`'s URLs with its stand-in.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { SSMClient } from "@aws-sdk/client-ssm";
import { register } from "../register/register.ts";
import { runCommand } from "./command.ts";

await runCommand("register", async (args) => {
  const { values } = parseArgs({
    args,
    options: {
      stage: { type: "string", default: "dev" },
      region: { type: "string", default: process.env.AWS_REGION ?? "us-east-1" },
      "dry-run": { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      "update-credentials": { type: "boolean", default: false },
      "order-types": { type: "string", default: "" },
      "rotate-password": { type: "boolean", default: false },
      "rotation-wait-seconds": { type: "string", default: "330" },
    },
  });

  return register(
    {
      stage: values.stage,
      region: values.region,
      dryRun: values["dry-run"],
      check: values.check,
      updateCredentials: values["update-credentials"],
      orderTypes: values["order-types"].split(",").filter(Boolean),
      rotatePassword: values["rotate-password"],
      rotationWaitSeconds: Number(values["rotation-wait-seconds"]),
    },
    {
      root: resolve(import.meta.dirname, "../.."),
      env: process.env,
      cloudFormation: () => new CloudFormationClient({ region: values.region }),
      ssm: () => new SSMClient({ region: values.region }),
      print: (line) => console.log(line),
    },
  );
});
