import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packageTemplate, statementsOf, type Template } from "../helpers/packageTemplate.ts";

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JS template.
const ARCHIVE_ARN = "${ArchiveBucket.Arn}";
let template: Template;
let dir: string;
const resource = (id: string) => {
  const found = template.Resources[id];
  if (!found) throw new Error(`template has no ${id}`);
  return found;
};
const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

beforeAll(async () => {
  ({ template, dir } = await packageTemplate());
}, 240_000);

describe("sls package", () => {
  it("bundles each function separately", () => {
    expect(existsSync(join(dir, "bandwidthV1Notifications.zip"))).toBe(true);
    expect(existsSync(join(dir, "fanout.zip"))).toBe(true);
  });

  it("routes POST /bandwidth/v1/notifications on the HTTP API", () => {
    const routes = ofType("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties.RouteKey);
    expect(routes).toContain("POST /bandwidth/v1/notifications");
  });

  it("runs every function on Node 24, arm64, with its own role", () => {
    for (const [, fn] of ofType("AWS::Lambda::Function")) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
    }
    expect(resource("BandwidthV1NotificationsLambdaFunction").Properties.Role).toEqual({
      "Fn::GetAtt": ["IngestRole", "Arn"],
    });
    expect(resource("FanoutLambdaFunction").Properties.Role).toEqual({ "Fn::GetAtt": ["FanoutRole", "Arn"] });
  });

  it("has a FIFO events queue with a FIFO dead-letter queue", () => {
    const queue = resource("EventsQueue").Properties;
    expect(queue.FifoQueue).toBe(true);
    expect(queue.ContentBasedDeduplication).toBe(false);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": ["EventsDeadLetterQueue", "Arn"] },
      maxReceiveCount: 5,
    });
    expect(resource("EventsDeadLetterQueue").Properties.FifoQueue).toBe(true);
    const fanoutTimeout = resource("FanoutLambdaFunction").Properties.Timeout as number;
    expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * fanoutTimeout);
  });

  it("feeds the fan-out from the events queue with partial batch failures", () => {
    const [[, mapping] = []] = ofType("AWS::Lambda::EventSourceMapping");
    expect(mapping?.Properties.EventSourceArn).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    expect(mapping?.Properties.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });

  it("lets ingest only send to the events queue, write fallback objects and read its own SSM parameters", () => {
    const statements = statementsOf(template, "IngestRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "sqs:SendMessage",
      "s3:PutObject",
      "ssm:GetParameter",
    ]);
    expect(statements[1]?.Resource).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    expect(statements[2]?.Resource).toEqual({ "Fn::Sub": `${ARCHIVE_ARN}/fallback/*` });
    expect(JSON.stringify(statements[3]?.Resource)).toContain(":parameter/number-events-gateway/test/*");
  });

  it("lets recovery only read and delete fallback objects and send to the events queue", () => {
    const statements = statementsOf(template, "RecoverRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "sqs:SendMessage",
      "s3:ListBucket",
      ["s3:GetObject", "s3:DeleteObject"],
    ]);
    expect(JSON.stringify(statements[2])).toContain('"s3:prefix":"fallback/*"');
    expect(statements[3]?.Resource).toEqual({ "Fn::Sub": `${ARCHIVE_ARN}/fallback/*` });
  });

  it("lets the fan-out only consume the events queue", () => {
    const statements = statementsOf(template, "FanoutRole");
    const sqs = statements.find((s) => JSON.stringify(s.Action).includes("sqs:"));
    expect(sqs?.Action).toEqual([
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ChangeMessageVisibility",
    ]);
    expect(sqs?.Resource).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    const s3 = statements.find((s) => JSON.stringify(s.Action).includes("s3:"));
    expect(s3).toEqual({
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: { "Fn::Sub": `${ARCHIVE_ARN}/raw/*` },
    });
  });

  it("grants no wildcard action anywhere", () => {
    for (const [id] of ofType("AWS::IAM::Role")) {
      for (const statement of statementsOf(template, id)) {
        for (const action of [statement.Action].flat()) expect(action, `${id}: ${action}`).not.toMatch(/\*/);
      }
    }
  });

  it("keeps secrets out of the template: only SSM parameter names", () => {
    const env = resource("BandwidthV1NotificationsLambdaFunction").Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(env.Variables).not.toHaveProperty("BANDWIDTH_PASSWORD");
    expect(env.Variables.BANDWIDTH_PASSWORD_PARAMETER).toBe("/number-events-gateway/test/bandwidth-password");
  });

  it("outputs the callback URL to register with Bandwidth", () => {
    expect(JSON.stringify(template.Outputs.BandwidthV1NotificationsUrl?.Value)).toContain(
      "/bandwidth/v1/notifications",
    );
  });
});
