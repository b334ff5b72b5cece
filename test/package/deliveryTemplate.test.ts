import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packageTemplate, statementsOf, type Template } from "../helpers/packageTemplate.ts";

let template: Template;
let dir: string;
const resource = (id: string) => {
  const found = template.Resources[id];
  if (!found) throw new Error(`template has no ${id}`);
  return found;
};
const getAtt = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
const environmentOf = (fn: string) =>
  (resource(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

beforeAll(async () => {
  ({ template, dir } = await packageTemplate("deliverytest"));
}, 240_000);

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

  it("lets the fan-out send only to the deliveries queue", () => {
    const sends = statementsOf(template, "FanoutRole").filter((s) => s.Action === "sqs:SendMessage");
    expect(sends.map((s) => s.Resource)).toEqual([getAtt("DeliveriesQueue")]);
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
    ]);
    expect(statements[1]?.Resource).toEqual(getAtt("DeliveriesQueue"));
    const sendTo = JSON.stringify(statements[2]?.Resource);
    expect(sendTo).toContain("DeliveryDeadLetterQueue");
    expect(sendTo).toContain("ConsumerQueue");
    expect(sendTo).not.toContain("EventsQueue");
    expect(JSON.stringify(statements[3]?.Resource)).toContain("number-events-gateway-deliverytest-dest-*");
    expect(JSON.stringify(statements[5]?.Resource)).toContain(
      ":parameter/number-events-gateway/deliverytest/destinations/*",
    );
  });
});
