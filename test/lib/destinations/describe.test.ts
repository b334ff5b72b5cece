import { describe, expect, it } from "vitest";
import { describeDestinations } from "../../../lib/destinations/describe.ts";

describe("describeDestinations", () => {
  it("names each destination with where it points, resolving …Env references", () => {
    const config = JSON.stringify({
      destinations: [
        { name: "audit", type: "file", path: "events.jsonl" },
        { name: "consumer", type: "sqs", queueUrlEnv: "CONSUMER_QUEUE_URL" },
        { name: "bus", type: "eventbridge", eventBusNameEnv: "BUS_NAME" },
      ],
    });
    expect(describeDestinations(config, { CONSUMER_QUEUE_URL: "http://127.0.0.1:4566/q" })).toEqual([
      "audit (file) events.jsonl",
      "consumer (sqs) http://127.0.0.1:4566/q",
      "bus (eventbridge) $BUS_NAME",
    ]);
  });

  it("shows a DESTINATIONS that is not JSON as it is", () => {
    expect(describeDestinations("config/destinations.json", {})).toEqual([
      "DESTINATIONS=config/destinations.json",
    ]);
  });
});
