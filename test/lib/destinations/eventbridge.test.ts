import { describe, expect, it } from "vitest";
import { createEventBridgeDriver } from "../../../lib/destinations/eventbridge.ts";
import { recordingEventBridge } from "../../helpers/eventBridgeRecorder.ts";
import { orderEvent } from "../../helpers/events.ts";

const event = orderEvent("order-9", 3);

describe("eventbridge destination", () => {
  it("sends exactly one PutEvents entry: detail-type = canonical type, configured source and bus", async () => {
    const { client, requests } = recordingEventBridge({
      status: 200,
      body: { FailedEntryCount: 0, Entries: [{}] },
    });
    const driver = createEventBridgeDriver(() => client);
    const config = driver.parseConfig(
      { name: "bus", type: "eventbridge", eventBusName: "numbers-bus", source: "acme.numbers" },
      "d",
    );
    await driver.deliver(driver.format(event, config), config);
    expect(requests).toEqual([
      {
        host: "events.us-east-1.amazonaws.com",
        target: "AWSEvents.PutEvents",
        body: {
          Entries: [
            {
              EventBusName: "numbers-bus",
              Source: "acme.numbers",
              DetailType: "port_in.status_changed",
              Detail: JSON.stringify(event),
              Time: Date.parse(event.time) / 1000,
            },
          ],
        },
      },
    ]);
  });

  it("defaults to the default bus and the gateway's source", () => {
    const driver = createEventBridgeDriver(() => {
      throw new Error("not used");
    });
    const entry = driver.format(event, driver.parseConfig({ name: "bus", type: "eventbridge" }, "d"));
    expect(entry).toMatchObject({ EventBusName: "default", Source: "number-events-gateway" });
  });

  it.each([
    ["InternalFailure", true],
    ["ThrottlingException", true],
    ["MalformedDetail", false],
  ])("treats a failed entry with %s as retryable=%s", async (code, retryable) => {
    const { client } = recordingEventBridge({
      status: 200,
      body: { FailedEntryCount: 1, Entries: [{ ErrorCode: code, ErrorMessage: "no" }] },
    });
    const driver = createEventBridgeDriver(() => client);
    const config = driver.parseConfig({ name: "bus", type: "eventbridge" }, "d");
    await expect(driver.deliver(driver.format(event, config), config)).rejects.toMatchObject({ retryable });
  });

  it("treats a 5xx answer as retryable", async () => {
    const { client } = recordingEventBridge({
      status: 500,
      body: { __type: "InternalException", message: "oops" },
    });
    const driver = createEventBridgeDriver(() => client);
    const config = driver.parseConfig({ name: "bus", type: "eventbridge" }, "d");
    await expect(driver.deliver(driver.format(event, config), config)).rejects.toMatchObject({
      retryable: true,
    });
  });
});
