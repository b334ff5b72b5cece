import {
  CloudWatchLogsClient,
  type GetQueryResultsCommandOutput,
  type ServiceOutputTypes,
  type StartQueryCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { findQuery, pathQuery, runInsightsQuery } from "../../../scripts/trace/insights.ts";

/**
 * CloudWatch Logs Insights has no local emulator: the real SDK client is used, and answered at the
 * first step of its middleware stack, which sees each command's input as the CLI built it.
 */
function answeringClient(results: GetQueryResultsCommandOutput[]) {
  const client = new CloudWatchLogsClient({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const started: StartQueryCommandInput[] = [];
  let polls = 0;
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName === "StartQueryCommand") {
        started.push(args.input as StartQueryCommandInput);
        const output: ServiceOutputTypes = { queryId: "q-1", $metadata: {} };
        return { output, response: {} };
      }
      const output: ServiceOutputTypes = results[Math.min(polls++, results.length - 1)] ?? { $metadata: {} };
      return { output, response: {} };
    },
    { step: "initialize", name: "answerLocally" },
  );
  return { client, started, polls: () => polls };
}

const line = (record: Record<string, unknown>) => [
  { field: "@timestamp", value: "2026-11-25 10:00:00.000" },
  { field: "@message", value: JSON.stringify(record) },
];

describe("the trace in AWS (CloudWatch Logs Insights)", () => {
  it("starts one query over the stack's log groups and polls until it completes, keeping only JSON lines, stamped with @timestamp", async () => {
    // As lib/log.ts writes it: no time of its own; CloudWatch's @timestamp is the line's time.
    const delivered = { level: "INFO", message: "delivered", eventId: "evt-1", destination: "crm" };
    const { client, started, polls } = answeringClient([
      { status: "Running", results: [], $metadata: {} },
      {
        status: "Complete",
        results: [line(delivered), [{ field: "@message", value: "REPORT RequestId: 1 Duration: 2 ms" }]],
        $metadata: {},
      },
    ]);
    const records = await runInsightsQuery(
      {
        client,
        logGroupNames: ["/aws/lambda/number-events-gateway-prod-deliver"],
        since: new Date("2026-11-25T08:00:00Z"),
        until: new Date("2026-11-25T10:00:30Z"),
        sleep: () => Promise.resolve(),
      },
      pathQuery(["evt-1"]),
    );
    expect(records).toEqual([{ ...delivered, timestamp: "2026-11-25T10:00:00.000Z" }]);
    expect(polls()).toBe(2);
    expect(started).toEqual([
      expect.objectContaining({
        logGroupNames: ["/aws/lambda/number-events-gateway-prod-deliver"],
        startTime: Date.parse("2026-11-25T08:00:00Z") / 1000,
        endTime: Date.parse("2026-11-25T10:00:30Z") / 1000,
        queryString: expect.stringContaining('filter eventId in ["evt-1"] or eventIds like /evt-1/'),
      }),
    ]);
  });

  it("says how a query ended when it did not complete", async () => {
    const { client } = answeringClient([{ status: "Timeout", results: [], $metadata: {} }]);
    const source = {
      client,
      logGroupNames: ["g"],
      since: new Date(0),
      until: new Date(),
      sleep: () => Promise.resolve(),
    };
    await expect(runInsightsQuery(source, findQuery("order-1"))).rejects.toThrow(
      "the Logs Insights query ended Timeout",
    );
  });

  it("looks for a term in every field a webhook's lines carry it in", () => {
    expect(findQuery("+19195550101")).toContain(
      'filter eventId = "+19195550101" or orderId = "+19195550101" or pon = "+19195550101" or decisionEventId = "+19195550101" or numbers like "+19195550101"',
    );
  });
});
