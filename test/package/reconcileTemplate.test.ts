import { beforeAll, describe, expect, it } from "vitest";
import {
  packageTemplate,
  resourceOf,
  resourcesOfType,
  statementsOf,
  type Template,
} from "../helpers/packageTemplate.ts";

let template: Template;
const resource = (id: string) => resourceOf(template, id);
const TABLE_ARN = { "Fn::GetAtt": ["OrderStateTable", "Arn"] };

beforeAll(async () => {
  ({ template } = await packageTemplate());
}, 240_000);

describe("sls package: reconciliation", () => {
  it("runs the reconciler every 15 minutes, enabled, with the table, the queue and the Bandwidth API settings", () => {
    const [, rule] =
      resourcesOfType(template, "AWS::Events::Rule").find(([, r]) =>
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

  it("lets the fan-out read and write order items only, and the reconciler read them and write its checkpoints only", () => {
    const fanout = statementsOf(template, "FanoutRole").filter((s) =>
      JSON.stringify(s.Action).includes("dynamodb:"),
    );
    expect(fanout).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: TABLE_ARN,
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["ORDER#*"] } },
      },
    ]);
    const reconcile = statementsOf(template, "ReconcileRole");
    expect(reconcile.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "sqs:SendMessage",
      "dynamodb:GetItem",
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
