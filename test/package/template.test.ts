import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  packageTemplate,
  resourceOf,
  resourcesOfType,
  statementsOf,
  type Template,
} from "../helpers/packageTemplate.ts";
import { CONFIGURATIONS } from "./configurations.ts";

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JS template.
const ARCHIVE_ARN = "${ArchiveBucket.Arn}";
let template: Template;
let dir: string;
const resource = (id: string) => resourceOf(template, id);
/** The schedule of the rule that invokes a function. */
const scheduleOf = (functionId: string) =>
  ofType("AWS::Events::Rule").find(([, rule]) =>
    JSON.stringify(rule.Properties.Targets).includes(`"${functionId}"`),
  )?.[1].Properties.ScheduleExpression;
const ofType = (type: string) => resourcesOfType(template, type);

beforeAll(async () => {
  ({ template, dir } = await packageTemplate(...CONFIGURATIONS.test, inject("packageCacheDir")));
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

  it("routes the Telnyx and Bandwidth v2 webhooks to their own functions, with secrets by SSM name only", () => {
    const routes = ofType("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties.RouteKey);
    expect(routes).toEqual(
      expect.arrayContaining(["POST /telnyx/notifications", "POST /bandwidth/v2/notifications"]),
    );
    expect(existsSync(join(dir, "telnyxNotifications.zip"))).toBe(true);
    expect(existsSync(join(dir, "bandwidthV2Notifications.zip"))).toBe(true);
    const telnyx = resource("TelnyxNotificationsLambdaFunction").Properties;
    const v2 = resource("BandwidthV2NotificationsLambdaFunction").Properties;
    const variables = (fn: Record<string, unknown>) =>
      (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables(telnyx).TELNYX_PUBLIC_KEY_PARAMETER).toBe(
      "/number-events-gateway/test/telnyx-public-key",
    );
    expect(variables(telnyx).TELNYX_PUBLIC_KEY).toBeUndefined();
    expect(variables(v2)).toMatchObject({
      BANDWIDTH_V2_HMAC_SECRET_PARAMETER: "/number-events-gateway/test/bandwidth-v2-hmac-secret",
      BANDWIDTH_V2_HMAC_SECRET_ENCODING: "utf8",
      // Basic on the v2 route is off until a username is configured; its password comes from SSM.
      BANDWIDTH_V2_USERNAME: "",
      BANDWIDTH_V2_PASSWORD_PARAMETER: "/number-events-gateway/test/bandwidth-v2-password",
    });
    expect(variables(v2).BANDWIDTH_V2_HMAC_SECRET).toBeUndefined();
    expect(variables(v2).BANDWIDTH_V2_PASSWORD).toBeUndefined();
    expect(telnyx.Role).toEqual({ "Fn::GetAtt": ["TelnyxNotificationsRole", "Arn"] });
    expect(v2.Role).toEqual({ "Fn::GetAtt": ["BandwidthV2NotificationsRole", "Arn"] });
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(["TelnyxNotificationsUrl", "BandwidthV2NotificationsUrl"]),
    );
  });

  it("runs every function on Node 24, arm64, with its own role", () => {
    for (const [, fn] of ofType("AWS::Lambda::Function")) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
    }
    expect(resource("BandwidthV1NotificationsLambdaFunction").Properties.Role).toEqual({
      "Fn::GetAtt": ["BandwidthV1NotificationsRole", "Arn"],
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

  it("lets Bandwidth v1 ingest only send to the events queue, write fallback objects and read its passwords", () => {
    const statements = statementsOf(template, "BandwidthV1NotificationsRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "sqs:SendMessage",
      "s3:PutObject",
      "ssm:GetParameter",
      "ssm:GetParameter",
    ]);
    expect(statements[1]?.Resource).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    expect(statements[2]?.Resource).toEqual({ "Fn::Sub": `${ARCHIVE_ARN}/fallback/*` });
    expect(JSON.stringify(statements[3]?.Resource)).toContain(
      ":parameter/number-events-gateway/test/bandwidth-password",
    );
    expect(JSON.stringify(statements[4]?.Resource)).toContain(
      ":parameter/number-events-gateway/test/bandwidth-password-previous",
    );
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

  it("lets the fan-out only consume the events queue and put records to the archive's delivery stream", () => {
    const statements = statementsOf(template, "FanoutRole");
    const sqs = statements.find((s) => JSON.stringify(s.Action).includes("sqs:"));
    expect(sqs?.Action).toEqual([
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ChangeMessageVisibility",
    ]);
    expect(sqs?.Resource).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    expect(statements.find((s) => JSON.stringify(s.Action).includes("s3:"))).toBeUndefined();
    expect(statements.filter((s) => JSON.stringify(s.Action).includes("firehose:"))).toEqual([
      {
        Effect: "Allow",
        Action: "firehose:PutRecordBatch",
        Resource: { "Fn::GetAtt": ["ArchiveDeliveryStream", "Arn"] },
      },
    ]);
  });

  it("archives raw requests through a DirectPut stream: gzipped to raw/date=…/hour=…/ of the archive bucket, errors logged", () => {
    const stream = resource("ArchiveDeliveryStream").Properties;
    expect(stream.DeliveryStreamType).toBe("DirectPut");
    expect(stream.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: "AWS_OWNED_CMK" });
    expect(stream.ExtendedS3DestinationConfiguration).toMatchObject({
      BucketARN: { "Fn::GetAtt": ["ArchiveBucket", "Arn"] },
      RoleARN: { "Fn::GetAtt": ["ArchiveDeliveryStreamRole", "Arn"] },
      Prefix: "raw/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/",
      CompressionFormat: "GZIP",
      BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 128 },
      CloudWatchLoggingOptions: {
        Enabled: true,
        LogGroupName: { Ref: "ArchiveDeliveryLogGroup" },
        LogStreamName: { Ref: "ArchiveDeliveryLogStream" },
      },
    });
    expect(resource("FanoutLambdaFunction").Properties.Environment).toMatchObject({
      Variables: { ARCHIVE_STREAM: { Ref: "ArchiveDeliveryStream" } },
    });
    const role = resource("ArchiveDeliveryStreamRole").Properties;
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain("firehose.amazonaws.com");
    expect(statementsOf(template, "ArchiveDeliveryStreamRole")).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
        Resource: { "Fn::GetAtt": ["ArchiveBucket", "Arn"] },
      },
      {
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: [{ "Fn::Sub": `${ARCHIVE_ARN}/raw/*` }, { "Fn::Sub": `${ARCHIVE_ARN}/archive-errors/*` }],
      },
      {
        Effect: "Allow",
        Action: "logs:PutLogEvents",
        Resource: { "Fn::GetAtt": ["ArchiveDeliveryLogGroup", "Arn"] },
      },
    ]);
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

describe("sls package: production readiness", () => {
  const alarmsOf = () =>
    ofType("AWS::CloudWatch::Alarm").map(([id, alarm]) => [id, alarm.Properties] as const);

  it("encrypts every queue and refuses access to them without TLS", () => {
    const queues = [
      "EventsQueue",
      "EventsDeadLetterQueue",
      "DeliveriesQueue",
      "DeliveryDeadLetterQueue",
      "ConsumerQueue",
      "ConsumerDeadLetterQueue",
    ];
    expect(
      ofType("AWS::SQS::Queue")
        .map(([id]) => id)
        .sort(),
    ).toEqual([...queues].sort());
    for (const queue of queues) expect(resource(queue).Properties.SqsManagedSseEnabled, queue).toBe(true);
    const policy = resource("QueuesTlsOnlyPolicy").Properties;
    expect(policy.Queues).toEqual(queues.map((queue) => ({ Ref: queue })));
    expect(JSON.stringify(policy.PolicyDocument)).toContain('"Effect":"Deny"');
    expect(JSON.stringify(policy.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it("keeps the archive encrypted, private, TLS-only and expiring raw requests", () => {
    const bucket = resource("ArchiveBucket").Properties;
    expect(JSON.stringify(bucket.BucketEncryption)).toContain("AES256");
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration).toEqual({
      Rules: [{ Id: "expire-raw-requests", Status: "Enabled", Prefix: "raw/", ExpirationInDays: 90 }],
    });
    expect(JSON.stringify(resource("ArchiveBucketTlsOnlyPolicy").Properties)).toContain(
      '"aws:SecureTransport":"false"',
    );
  });

  it("alarms on the dead-letter queues, queue ages, ingest 5xx rate, auth failures, fallback use, port-out health and latency, subscription renewal, reconciliation, and function errors", () => {
    const alarms = Object.fromEntries(alarmsOf());
    expect(Object.keys(alarms).sort()).toEqual([
      "ArchiveDeliveryAlarm",
      "AuthFailuresAlarm",
      "ConsumerDeadLetterQueueNotEmptyAlarm",
      "DeadLetterQueueNotEmptyAlarm",
      "DeliverErrorsAlarm",
      "DeliverThrottlesAlarm",
      "DeliveryDeadLetterQueueNotEmptyAlarm",
      "DeliveryRetriesAlarm",
      "FallbackUsedAlarm",
      "FanoutErrorsAlarm",
      "Ingest5xxRateAlarm",
      "OldestDeliveryAgeAlarm",
      "OldestEventAgeAlarm",
      "PortoutDegradedAlarm",
      "PortoutLatencyAlarm",
      "PortoutPinLockoutAlarm",
      "ReconcileFailuresAlarm",
      "ReconciledChangesAlarm",
      "RecoverErrorsAlarm",
      "RenewSubscriptionsErrorsAlarm",
      "SubscriptionMissingAlarm",
    ]);
    for (const alarm of Object.values(alarms)) expect(alarm.AlarmActions).toEqual([{ Ref: "AlarmTopic" }]);
    expect(JSON.stringify(alarms.DeadLetterQueueNotEmptyAlarm?.Dimensions)).toContain(
      "EventsDeadLetterQueue",
    );
    expect(JSON.stringify(alarms.DeliveryDeadLetterQueueNotEmptyAlarm?.Dimensions)).toContain(
      "DeliveryDeadLetterQueue",
    );
    expect(JSON.stringify(alarms.Ingest5xxRateAlarm?.Metrics)).toContain("100 * errors / requests");
    expect(alarms.PortoutLatencyAlarm).toMatchObject({
      ExtendedStatistic: "p99",
      MetricName: "Duration",
      Threshold: 3000,
    });
    expect(alarms.ArchiveDeliveryAlarm).toMatchObject({
      Namespace: "AWS/Firehose",
      MetricName: "DeliveryToS3.DataFreshness",
      Dimensions: [{ Name: "DeliveryStreamName", Value: { Ref: "ArchiveDeliveryStream" } }],
      Threshold: 1200,
    });
    const authFilter = resource("AuthFailuresMetricFilter").Properties;
    expect(authFilter.FilterPattern).toContain('$.reason != "authentication required"');
  });

  it("subscribes an e-mail to the alarm topic only when one is configured", () => {
    expect(resource("AlarmEmailSubscription")).toMatchObject({ Condition: "HasAlarmEmail" });
  });

  it("throttles the HTTP API and caps fan-out concurrency", () => {
    expect(resource("HttpApiStage").Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 1000,
    });
    const [[, mapping] = []] = ofType("AWS::Lambda::EventSourceMapping");
    expect(mapping?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
  });

  it("sets log retention on every function's log group", () => {
    for (const [, group] of ofType("AWS::Logs::LogGroup")) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("logs every function's own JSON lines from INFO, the one log level knob: Lambda's START, END and REPORT lines are off", () => {
    const functions = ofType("AWS::Lambda::Function");
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      expect(fn.Properties.LoggingConfig).toEqual({
        LogFormat: "JSON",
        ApplicationLogLevel: "INFO",
        SystemLogLevel: "WARN",
      });
      // Lambda sets AWS_LAMBDA_LOG_LEVEL from ApplicationLogLevel; no second variable to keep in step.
      const environment = fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined;
      expect(Object.keys(environment?.Variables ?? {})).not.toContain("LOG_LEVEL");
    }
  });

  it("saves the trace queries over every function's log group, for the Logs Insights console", () => {
    const functionGroups = ofType("AWS::Lambda::Function").map(([id]) => ({
      Ref: id.replace(/LambdaFunction$/, "LogGroup"),
    }));
    const queries = ofType("AWS::Logs::QueryDefinition");
    expect(queries.map(([id]) => id).sort()).toEqual([
      "DeliveryFailuresQuery",
      "RejectedRequestsQuery",
      "TraceEventQuery",
      "TraceNumberQuery",
    ]);
    for (const [, query] of queries) {
      expect(query.Properties.Name).toMatch(/^number-events-gateway-test\//);
      expect(query.Properties.LogGroupNames).toEqual(expect.arrayContaining(functionGroups));
      expect(query.Properties.LogGroupNames).toHaveLength(functionGroups.length);
    }
    expect(resource("TraceEventQuery").Properties.QueryString).toContain('eventId = "THE_ID"');
  });

  it("runs the recovery function every 5 minutes, without a concurrency reservation", () => {
    expect(resource("RecoverLambdaFunction").Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(scheduleOf("RecoverLambdaFunction")).toBe("rate(5 minutes)");
  });

  it("renews the Bandwidth subscriptions daily, reading only its three secrets, with its alarms", () => {
    expect(scheduleOf("RenewSubscriptionsLambdaFunction")).toBe("rate(1 day)");
    const statements = statementsOf(template, "RenewSubscriptionsRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "ssm:GetParameter",
      "ssm:GetParameter",
      "ssm:GetParameter",
    ]);
    expect(statements.slice(1).map((s) => JSON.stringify(s.Resource).split(":parameter")[1])).toEqual([
      '/number-events-gateway/test/bandwidth-api-username"}',
      '/number-events-gateway/test/bandwidth-api-password"}',
      '/number-events-gateway/test/bandwidth-password"}',
    ]);
    const variables = (
      resource("RenewSubscriptionsLambdaFunction").Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables).toMatchObject({
      BANDWIDTH_ACCOUNT_ID: "",
      BANDWIDTH_API_URL: "https://dashboard.bandwidth.com/api",
      SUBSCRIPTION_RENEWAL_MARGIN_DAYS: "30",
    });
    expect(JSON.stringify(variables.BANDWIDTH_V1_NOTIFICATIONS_URL)).toContain("/bandwidth/v1/notifications");
    expect(resource("RenewSubscriptionsErrorsAlarm").Properties.MetricName).toBe("Errors");
    expect(resource("SubscriptionMissingAlarm").Properties.MetricName).toBe("SubscriptionMissing");
    expect(resource("SubscriptionMissingMetricFilter").Properties.FilterPattern).toContain(
      '"bandwidth subscription missing"',
    );
  });

  it("outputs the archive bucket, the alarm topic and the dashboard", () => {
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(["ArchiveBucketName", "AlarmTopicArn", "DashboardUrl", "EventsQueueUrl"]),
    );
    expect(resource("Dashboard").Properties.DashboardName).toBe("number-events-gateway-test");
  });

  it("uses the stage's parameters: prod keeps raw requests longer; a YAML destinations param reaches the functions as JSON", async () => {
    const { template: prod } = await packageTemplate(
      ...CONFIGURATIONS.prodWithParams,
      inject("packageCacheDir"),
    );
    const lifecycle = prod.Resources.ArchiveBucket?.Properties.LifecycleConfiguration as {
      Rules: { ExpirationInDays: number }[];
    };
    expect(lifecycle.Rules[0]?.ExpirationInDays).toBe(400);
    for (const fn of ["FanoutLambdaFunction", "DeliverLambdaFunction"]) {
      const environment = prod.Resources[fn]?.Properties.Environment as { Variables: Record<string, string> };
      expect(JSON.parse(environment.Variables.DESTINATIONS ?? "")).toEqual({
        destinations: [{ name: "crm", type: "http", url: "https://crm.example.com/hooks" }],
      });
    }
  }, 240_000);
});

const getAtt = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
const environmentOf = (fn: string) =>
  (resource(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe("sls package: the delivery engine", () => {
  it("bundles the deliver function", () => {
    expect(existsSync(join(dir, "deliver.zip"))).toBe(true);
    expect(resource("DeliverLambdaFunction").Properties.Role).toEqual(getAtt("DeliverRole"));
  });

  it("has a FIFO deliveries queue whose redrive policy is only a safety net behind the function's own dead-lettering", () => {
    const queue = resource("DeliveriesQueue").Properties;
    expect(queue.FifoQueue).toBe(true);
    expect(queue.ContentBasedDeduplication).toBe(false);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt("DeliveryDeadLetterQueue"),
      maxReceiveCount: 1000,
    });
    expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(
      6 * (resource("DeliverLambdaFunction").Properties.Timeout as number),
    );
    expect(resource("DeliveryDeadLetterQueue").Properties).toMatchObject({
      FifoQueue: true,
      MessageRetentionPeriod: 1209600,
    });
  });

  it("creates a consumer FIFO queue with its own dead-letter queue, wired as the default sqs destination", () => {
    expect(resource("ConsumerQueue").Properties).toMatchObject({
      FifoQueue: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt("ConsumerDeadLetterQueue"), maxReceiveCount: 5 },
    });
    for (const fn of ["FanoutLambdaFunction", "DeliverLambdaFunction"]) {
      const env = environmentOf(fn);
      expect(JSON.parse(env.DESTINATIONS as string)).toEqual({
        destinations: [{ name: "consumer", type: "sqs", queueUrlEnv: "CONSUMER_QUEUE_URL" }],
      });
      expect(env.CONSUMER_QUEUE_URL).toEqual({ Ref: "ConsumerQueue" });
    }
    expect(environmentOf("DeliverLambdaFunction")).toMatchObject({
      DELIVERIES_QUEUE_URL: { Ref: "DeliveriesQueue" },
      DELIVERY_DEAD_LETTER_QUEUE_URL: { Ref: "DeliveryDeadLetterQueue" },
    });
  });

  it("feeds the deliver function from the deliveries queue with partial batch failures", () => {
    const mappings = Object.values(template.Resources).filter(
      (r) => r.Type === "AWS::Lambda::EventSourceMapping",
    );
    const deliver = mappings.find(
      (m) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify(getAtt("DeliveriesQueue")),
    );
    expect(deliver?.Properties.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });

  it("outputs the consumer queue's URL and ARN, and the delivery dead-letter queue", () => {
    expect(template.Outputs.ConsumerQueueUrl?.Value).toEqual({ Ref: "ConsumerQueue" });
    expect(template.Outputs.ConsumerQueueArn?.Value).toEqual(getAtt("ConsumerQueue"));
    expect(template.Outputs.DeliveryDeadLetterQueueUrl?.Value).toEqual({ Ref: "DeliveryDeadLetterQueue" });
  });

  it("lets the fan-out send only to the deliveries queue and the SQS destinations it sends to directly", () => {
    const sends = statementsOf(template, "FanoutRole").filter((s) => s.Action === "sqs:SendMessage");
    expect(sends).toHaveLength(1);
    const [deliveries, consumer, prefix] = (sends[0]?.Resource ?? []) as unknown[];
    expect([deliveries, consumer]).toEqual([getAtt("DeliveriesQueue"), getAtt("ConsumerQueue")]);
    expect(JSON.stringify(prefix)).toContain(":number-events-gateway-test-dest-*");
    expect(JSON.stringify(sends)).not.toContain("EventsQueue");
  });

  it("limits the deliver role to its queues, the destination name prefix and its SSM secrets", () => {
    const statements = statementsOf(template, "DeliverRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
      "sqs:SendMessage",
      "sns:Publish",
      "events:PutEvents",
      "ssm:GetParameter",
      "dynamodb:UpdateItem",
    ]);
    // Only the direct destinations' spill switches (lib/delivery/spillSwitch.ts).
    expect(statements[6]).toMatchObject({
      Resource: TABLE_ARN,
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["DIRECT#*"] } },
    });
    expect(statements[1]?.Resource).toEqual(getAtt("DeliveriesQueue"));
    const sendTo = JSON.stringify(statements[2]?.Resource);
    expect(sendTo).toContain("DeliveryDeadLetterQueue");
    expect(sendTo).toContain("ConsumerQueue");
    expect(sendTo).not.toContain("EventsQueue");
    expect(JSON.stringify(statements[3]?.Resource)).toContain("number-events-gateway-test-dest-*");
    expect(JSON.stringify(statements[5]?.Resource)).toContain(
      ":parameter/number-events-gateway/test/destinations/*",
    );
  });
});

const TABLE_ARN = { "Fn::GetAtt": ["OrderStateTable", "Arn"] };

describe("sls package: reconciliation", () => {
  it("runs the reconciler every 15 minutes, enabled, with the table, the queue and the Bandwidth API settings", () => {
    const [, rule] =
      ofType("AWS::Events::Rule").find(([, r]) =>
        JSON.stringify(r.Properties.Targets).includes("ReconcileLambdaFunction"),
      ) ?? [];
    expect(rule?.Properties).toMatchObject({ ScheduleExpression: "rate(15 minutes)", State: "ENABLED" });
    const variables = (
      resource("ReconcileLambdaFunction").Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(variables).toMatchObject({
      ORDER_STATE_TABLE: { Ref: "OrderStateTable" },
      EVENTS_QUEUE_URL: { Ref: "EventsQueue" },
      BANDWIDTH_ACCOUNT_ID: "",
      BANDWIDTH_API_URL: "https://dashboard.bandwidth.com/api",
      BANDWIDTH_API_USERNAME_PARAMETER: "/number-events-gateway/test/bandwidth-api-username",
      BANDWIDTH_API_PASSWORD_PARAMETER: "/number-events-gateway/test/bandwidth-api-password",
      RECONCILE_ORDER_TYPES: "orders,portins,portouts,disconnects",
    });
  });

  it("defines the order state table: keyed by pk, on demand, encrypted, recoverable, expiring", () => {
    expect(resource("OrderStateTable").Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
    expect(resource("FanoutLambdaFunction").Properties.Environment).toMatchObject({
      Variables: { ORDER_STATE_TABLE: { Ref: "OrderStateTable" } },
    });
  });

  it("lets the fan-out read and write order items and spill switches only, and the reconciler read them and write its checkpoints only", () => {
    const fanout = statementsOf(template, "FanoutRole").filter((s) =>
      JSON.stringify(s.Action).includes("dynamodb:"),
    );
    expect(fanout).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: TABLE_ARN,
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["ORDER#*", "DIRECT#*"] } },
      },
    ]);
    const reconcile = statementsOf(template, "ReconcileRole");
    expect(reconcile.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "sqs:SendMessage",
      ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
      "dynamodb:PutItem",
      "ssm:GetParameter",
      "ssm:GetParameter",
    ]);
    expect(reconcile[3]).toMatchObject({
      Resource: TABLE_ARN,
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["CHECKPOINT#*"] } },
    });
  });

  it("alarms on every change reconciliation finds, and on failed runs", () => {
    expect(resource("ReconciledChangesMetricFilter").Properties).toMatchObject({
      LogGroupName: { Ref: "ReconcileLogGroup" },
      FilterPattern: '{ $.message = "reconciliation found a missed change" }',
    });
    expect(resource("ReconciledChangesAlarm").Properties).toMatchObject({
      MetricName: "ReconciledChanges",
      Threshold: 0,
      AlarmActions: [{ Ref: "AlarmTopic" }],
    });
    const failures = resource("ReconcileFailuresAlarm").Properties;
    expect(JSON.stringify(failures.Metrics)).toContain("ReconcileFailures");
    expect(JSON.stringify(failures.Metrics)).toContain('"Ref":"ReconcileLambdaFunction"');
    expect(failures).toMatchObject({
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      AlarmActions: [{ Ref: "AlarmTopic" }],
    });
  });
});
