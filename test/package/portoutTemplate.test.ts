import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { packageTemplate, resourceOf, statementsOf, type Template } from "../helpers/packageTemplate.ts";
import { CONFIGURATIONS } from "./configurations.ts";

let template: Template;
let dir: string;
const resource = (id: string) => resourceOf(template, id);

beforeAll(async () => {
  ({ template, dir } = await packageTemplate(...CONFIGURATIONS.test, inject("packageCacheDir")));
}, 240_000);

describe("sls package: port-out validation", () => {
  it("bundles the port-out validation function and routes POST /bandwidth/v1/portout-validation to it", () => {
    expect(existsSync(join(dir, "bandwidthPortoutValidation.zip"))).toBe(true);
    const routes = Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::ApiGatewayV2::Route")
      .map((r) => r.Properties.RouteKey);
    expect(routes).toContain("POST /bandwidth/v1/portout-validation");
  });

  it("answers within API Gateway's 30 s with the directory table, queue and policy configured", () => {
    const fn = resource("BandwidthPortoutValidationLambdaFunction").Properties;
    expect(fn.Timeout as number).toBeLessThan(30);
    expect(fn.Role).toEqual({ "Fn::GetAtt": ["PortoutValidationRole", "Arn"] });
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.PORTOUT_DIRECTORY_TABLE).toEqual({ Ref: "PortoutDirectoryTable" });
    expect(variables.EVENTS_QUEUE_URL).toEqual({ Ref: "EventsQueue" });
    expect(variables.PORTOUT_ON_DIRECTORY_FAILURE).toBe("fail-closed");
    expect(variables.BANDWIDTH_PASSWORD_PARAMETER).toBe("/number-events-gateway/test/bandwidth-password");
    expect(variables.PORTOUT_LOCKOUT_MAX_FAILURES).toBe("5");
    expect(variables.PORTOUT_LOCKOUT_WINDOW_SECONDS).toBe("86400");
    expect(variables).not.toHaveProperty("BANDWIDTH_PASSWORD");
  });

  it("defines the subscriber directory table: keyed by pk, on demand, encrypted, recoverable, retained", () => {
    const table = resource("PortoutDirectoryTable");
    expect(table.Type).toBe("AWS::DynamoDB::Table");
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("lets the function update only the wrong-PIN items of the table, never a directory record", () => {
    // In the function's own role: a separate AWS::IAM::Policy may be attached after the function
    // first runs, and its first wrong PINs would go uncounted.
    const statements = (
      resource("PortoutValidationRole").Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[]
    ).flatMap((policy) => policy.PolicyDocument.Statement);
    const updates = statements.filter((statement) =>
      JSON.stringify(statement).includes("dynamodb:UpdateItem"),
    );
    expect(updates).toEqual([
      {
        Effect: "Allow",
        Action: "dynamodb:UpdateItem",
        Resource: { "Fn::GetAtt": ["PortoutDirectoryTable", "Arn"] },
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["LOCK#*"] } },
      },
    ]);
    const separate = Object.values(template.Resources).filter((r) => r.Type === "AWS::IAM::Policy");
    expect(separate).toEqual([]);
  });

  it("alarms when a number is locked after too many wrong PINs", () => {
    const filter = resource("PortoutPinLockoutMetricFilter").Properties;
    expect(filter.LogGroupName).toEqual({ Ref: "BandwidthPortoutValidationLogGroup" });
    expect(filter.FilterPattern).toBe('{ $.message = "port-out PIN lockout" }');
    expect(filter.MetricTransformations).toEqual([
      {
        MetricNamespace: "NumberEventsGateway",
        MetricName: "PortoutPinLockouts",
        MetricValue: "1",
        DefaultValue: 0,
      },
    ]);
    expect(resource("PortoutPinLockoutAlarm").Properties).toMatchObject({
      Namespace: "NumberEventsGateway",
      MetricName: "PortoutPinLockouts",
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: "AlarmTopic" }],
    });
  });

  it("lets the function only read the directory table, send to the events queue and read its SSM parameters", () => {
    const statements = statementsOf(template, "PortoutValidationRole");
    expect(statements.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "dynamodb:BatchGetItem",
      "sqs:SendMessage",
      "ssm:GetParameter",
      "ssm:GetParameter",
      "dynamodb:UpdateItem",
    ]);
    expect(statements[1]?.Resource).toEqual({ "Fn::GetAtt": ["PortoutDirectoryTable", "Arn"] });
    expect(statements[2]?.Resource).toEqual({ "Fn::GetAtt": ["EventsQueue", "Arn"] });
    expect(JSON.stringify(statements[3]?.Resource)).toContain(
      ":parameter/number-events-gateway/test/bandwidth-password",
    );
    expect(JSON.stringify(statements[4]?.Resource)).toContain(
      ":parameter/number-events-gateway/test/bandwidth-password-previous",
    );
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|dynamodb:\*|PutItem|BatchWriteItem|DeleteItem/);
  });

  it("gives no other role access to the directory table", () => {
    for (const role of ["BandwidthV1NotificationsRole", "TelnyxNotificationsRole", "FanoutRole"]) {
      expect(JSON.stringify(statementsOf(template, role))).not.toContain("PortoutDirectoryTable");
    }
  });

  it("outputs the callback URL to give Bandwidth and the table name for imports", () => {
    expect(template.Outputs.BandwidthPortoutValidationUrl).toBeDefined();
    expect(template.Outputs.PortoutDirectoryTableName?.Value).toEqual({ Ref: "PortoutDirectoryTable" });
  });

  it("alarms when validation runs degraded, and counts wrong credentials on this route too", () => {
    const degraded = resource("PortoutDegradedMetricFilter").Properties;
    expect(degraded.LogGroupName).toEqual({ Ref: "BandwidthPortoutValidationLogGroup" });
    expect(degraded.FilterPattern).toBe('{ $.level = "WARN" || $.level = "ERROR" }');
    expect(resource("PortoutDegradedAlarm").Properties).toMatchObject({
      MetricName: "PortoutValidationDegraded",
      Threshold: 0,
      AlarmActions: [{ Ref: "AlarmTopic" }],
    });
    expect(resource("PortoutAuthFailuresMetricFilter").Properties.LogGroupName).toEqual({
      Ref: "BandwidthPortoutValidationLogGroup",
    });
    expect(resource("BandwidthPortoutValidationLogGroup").Type).toBe("AWS::Logs::LogGroup");
  });
});
