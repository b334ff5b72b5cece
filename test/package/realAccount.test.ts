import { beforeAll, describe, expect, inject, it } from "vitest";
import { specProblems } from "../helpers/cfnSpec.ts";
import {
  packageTemplate,
  resourceOf,
  resourcesOfType,
  statementsOf,
  type Template,
} from "../helpers/packageTemplate.ts";
import { CONFIGURATIONS } from "./configurations.ts";

/**
 * What only shows on a real AWS account, checked on the packaged template of each stage an operator
 * deploys: alarms that can notify, no concurrency reservation, high-throughput FIFO, access logs,
 * alarm coverage, one least-privilege role per function, and a stack that can be removed and
 * deployed again.
 */

/**
 * The smallest per-region high-throughput FIFO quota, in non-batched calls per second and API action
 * ("all other Regions": 2,400 TPS):
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
const SMALLEST_HIGH_THROUGHPUT_FIFO_TPS = 2400;
const HIGH_THROUGHPUT_QUEUES = ["EventsQueue", "DeliveriesQueue", "ConsumerQueue"];
const DEAD_LETTER_QUEUES = ["EventsDeadLetterQueue", "DeliveryDeadLetterQueue", "ConsumerDeadLetterQueue"];
const NAME_PROPERTIES = ["QueueName", "TableName", "BucketName"];

type Variables = Record<string, unknown>;

// `test` stands for every stage without parameters of its own, `dev` included (test/package/configurations.ts).
describe.each(["test", "prod"] as const)("sls package --stage %s on a real account", (stage) => {
  let template: Template;
  const resource = (id: string) => resourceOf(template, id);
  const ofType = (type: string) => resourcesOfType(template, type);
  const prefix = `/number-events-gateway/${stage}`;

  beforeAll(async () => {
    const [name, params] = CONFIGURATIONS[stage];
    ({ template } = await packageTemplate(name, params, inject("packageCacheDir")));
  }, 240_000);

  describe("1. alarms can notify", () => {
    it("encrypts the alarm topic with a key of its own, not the AWS-managed alias/aws/sns", () => {
      const topic = resource("AlarmTopic").Properties;
      expect(topic.KmsMasterKeyId).toEqual({ Ref: "AlarmTopicKey" });
      expect(resource("AlarmTopicKey").Type).toBe("AWS::KMS::Key");
      expect(JSON.stringify(template)).not.toContain("alias/aws/sns");
    });

    it("lets CloudWatch use the key, only for this account's alarms of this stack", () => {
      const policy = resource("AlarmTopicKey").Properties.KeyPolicy as {
        Statement: {
          Principal: unknown;
          Action: string[];
          Condition?: Record<string, Record<string, unknown>>;
        }[];
      };
      const cloudwatch = policy.Statement.find(
        (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "cloudwatch.amazonaws.com" }),
      );
      expect(cloudwatch?.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
      expect(cloudwatch?.Condition?.StringEquals?.["aws:SourceAccount"]).toEqual({ Ref: "AWS::AccountId" });
      expect(JSON.stringify(cloudwatch?.Condition?.ArnLike?.["aws:SourceArn"])).toContain(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder.
        ":alarm:${AWS::StackName}-*",
      );
    });

    it("sends every alarm's state changes to the alarm topic", () => {
      for (const [id, alarm] of ofType("AWS::CloudWatch::Alarm")) {
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: "AlarmTopic" }]);
        expect(alarm.Properties.OKActions, id).toEqual([{ Ref: "AlarmTopic" }]);
      }
    });
  });

  it("2. reserves no concurrency, which new accounts' quota of 10 cannot give", () => {
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });

  it("3. makes the events, deliveries and consumer queues high-throughput FIFO, above the API throttle", () => {
    for (const id of HIGH_THROUGHPUT_QUEUES) {
      expect(resource(id).Properties, id).toMatchObject({
        FifoQueue: true,
        DeduplicationScope: "messageGroup",
        FifoThroughputLimit: "perMessageGroupId",
      });
    }
    const throttle = resource("HttpApiStage").Properties.DefaultRouteSettings as Record<string, number>;
    expect(throttle.ThrottlingRateLimit).toBeLessThanOrEqual(SMALLEST_HIGH_THROUGHPUT_FIFO_TPS);
    expect(throttle.ThrottlingBurstLimit).toBeLessThanOrEqual(SMALLEST_HIGH_THROUGHPUT_FIFO_TPS);
  });

  it("4. writes JSON access logs of the HTTP API, kept as long as the functions' logs", () => {
    const settings = resource("HttpApiStage").Properties.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    expect(settings.DestinationArn).toEqual({ "Fn::GetAtt": ["HttpApiLogGroup", "Arn"] });
    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
      integrationError: "$context.integrationErrorMessage",
      responseLatency: "$context.responseLatency",
    });
    const retention = resource("FanoutLogGroup").Properties.RetentionInDays;
    expect(resource("HttpApiLogGroup").Properties.RetentionInDays).toBe(retention);
  });

  describe("5. alarm coverage", () => {
    const alarm = (id: string) => resource(id).Properties;

    it("alarms on deliver errors and throttles, and recovery errors", () => {
      for (const [id, metric, fn] of [
        ["DeliverErrorsAlarm", "Errors", "DeliverLambdaFunction"],
        ["DeliverThrottlesAlarm", "Throttles", "DeliverLambdaFunction"],
        ["RecoverErrorsAlarm", "Errors", "RecoverLambdaFunction"],
      ] as const) {
        expect(alarm(id), id).toMatchObject({
          Namespace: "AWS/Lambda",
          MetricName: metric,
          Dimensions: [{ Name: "FunctionName", Value: { Ref: fn } }],
          Threshold: 0,
        });
      }
    });

    it("alarms on the deliveries queue's oldest message and on the consumer dead-letter queue", () => {
      expect(alarm("OldestDeliveryAgeAlarm")).toMatchObject({
        MetricName: "ApproximateAgeOfOldestMessage",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["DeliveriesQueue", "QueueName"] } }],
        Threshold: 3600,
      });
      expect(alarm("ConsumerDeadLetterQueueNotEmptyAlarm")).toMatchObject({
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [
          { Name: "QueueName", Value: { "Fn::GetAtt": ["ConsumerDeadLetterQueue", "QueueName"] } },
        ],
        Threshold: 0,
      });
    });

    it("alarms on the retries the deliver function counts, over every destination", () => {
      const metrics = alarm("DeliveryRetriesAlarm").Metrics as { Expression: string }[];
      expect(metrics.map((m) => m.Expression)).toEqual([
        "SELECT SUM(retried) FROM SCHEMA(NumberEventsGateway, destination, service)",
      ]);
    });

    it("shows every function and every delivery metric on the dashboard", () => {
      const body = JSON.stringify(resource("Dashboard").Properties.DashboardBody);
      for (const [id] of ofType("AWS::Lambda::Function")) expect(body, id).toContain(`\${${id}}`);
      for (const metric of ["delivered", "retried", "deadLettered", "latency"]) {
        expect(body, metric).toContain(`MetricName=\\\\\\"${metric}\\\\\\"`);
      }
    });
  });

  describe("6. least privilege", () => {
    const functions = () =>
      ofType("AWS::Lambda::Function").map(([id, fn]) => ({
        id,
        name: fn.Properties.FunctionName as string,
        role: (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0],
        variables: ((fn.Properties.Environment as { Variables: Variables } | undefined)?.Variables ??
          {}) as Variables,
      }));

    it("gives every function a role of its own", () => {
      const roles = functions().map((fn) => fn.role);
      expect(new Set(roles).size).toBe(roles.length);
    });

    it("lets each function write logs to its own log group only", () => {
      for (const fn of functions()) {
        const [group] = ofType("AWS::Logs::LogGroup").find(
          ([, g]) => g.Properties.LogGroupName === `/aws/lambda/${fn.name}`,
        ) ?? [undefined];
        const logs = statementsOf(template, fn.role).filter((s) =>
          JSON.stringify(s.Action).includes("logs:"),
        );
        expect(
          logs.map((s) => s.Resource),
          fn.id,
        ).toEqual([{ "Fn::GetAtt": [group, "Arn"] }]);
      }
    });

    it("lets each function read exactly the SSM parameters its configuration names", () => {
      for (const fn of functions()) {
        const named = Object.entries(fn.variables)
          .filter(([name]) => name.endsWith("_PARAMETER"))
          .map(([, value]) => value);
        // The deliver function reads the signing secrets its DESTINATIONS entries name.
        if (fn.id === "DeliverLambdaFunction") named.push(`${prefix}/destinations/*`);
        const granted = statementsOf(template, fn.role)
          .filter((s) => s.Action === "ssm:GetParameter")
          .map((s) => JSON.stringify(s.Resource).split(":parameter")[1]?.replace(/"}$/, ""));
        expect(granted.sort(), fn.id).toEqual(named.sort());
      }
    });

    it("lets only the routes without provider retries write to the fallback archive", () => {
      const writers = functions()
        .filter((fn) => JSON.stringify(statementsOf(template, fn.role)).includes("/fallback/*"))
        .map((fn) => fn.id)
        .sort();
      expect(writers).toEqual([
        "BandwidthV1NotificationsLambdaFunction",
        "BandwidthV2NotificationsLambdaFunction",
        "RecoverLambdaFunction",
      ]);
    });
  });

  it("matches the CloudFormation resource specification, resource by resource", () => {
    expect(specProblems(template)).toEqual([]);
  });

  describe("8. remove, then deploy again", () => {
    it("keeps the directory table, the archive bucket and the dead-letter queues when the stack goes", () => {
      for (const id of ["PortoutDirectoryTable", "ArchiveBucket", ...DEAD_LETTER_QUEUES]) {
        expect(resource(id), id).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
      }
    });

    it("gives no kept resource a fixed name, so the next deploy does not collide with it", () => {
      const kept = Object.entries(template.Resources).filter(([, r]) => r.DeletionPolicy === "Retain");
      expect(kept.length).toBeGreaterThan(0);
      for (const [id, { Properties }] of kept) {
        for (const name of NAME_PROPERTIES) expect(Properties[name], `${id}.${name}`).toBeUndefined();
      }
    });
  });
});

describe("sls package: the alarm e-mail is a deploy-time parameter", () => {
  it("subscribes the address given with --param, only then", async () => {
    const { template } = await packageTemplate(...CONFIGURATIONS.prodWithParams, inject("packageCacheDir"));
    expect(template.Resources.AlarmEmailSubscription).toMatchObject({
      Condition: "HasAlarmEmail",
      Properties: { Protocol: "email", Endpoint: "oncall@example.com" },
    });
    expect(JSON.stringify(template.Conditions?.HasAlarmEmail)).toContain("oncall@example.com");
  }, 240_000);
});

describe("the check against the CloudFormation resource specification", () => {
  it("reports an unknown property, a missing required one, a wrong type and an unknown resource type", () => {
    const template: Template = {
      Resources: {
        Queue: {
          Type: "AWS::SQS::Queue",
          Properties: { FifoQueue: "yes", FifoThroughputLimits: "perQueue" },
        },
        Key: { Type: "AWS::KMS::Alias", Properties: { AliasName: "alias/x" } },
        Other: { Type: "AWS::Nothing::Here", Properties: {} },
      },
      Outputs: {},
    };
    expect(specProblems(template)).toEqual([
      'Queue.FifoQueue: expected boolean, got "yes"',
      "Queue.FifoThroughputLimits: not a property of this type",
      "Key.TargetKeyId: required",
      "Other: unknown resource type AWS::Nothing::Here",
    ]);
  });
});
