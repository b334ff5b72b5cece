import type {
  EventBridgeClient,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { awsDeliveryError } from "./awsErrors.ts";
import { rejectUnknownKeys, stringAt } from "./configValues.ts";
import type { DestinationDriver } from "./driver.ts";

export interface EventBridgeDestinationConfig {
  name: string;
  type: "eventbridge";
  /** Bus name or ARN; `default` when not set. */
  eventBusName: string;
  /** The EventBridge `source`; rules match on it. */
  source: string;
}

export const DEFAULT_EVENTBRIDGE_SOURCE = "number-events-gateway";

/**
 * One PutEvents entry: `detail-type` is the canonical type (so rules can match `port_in.*` with a
 * prefix pattern), `detail` the whole canonical event, `time` the provider's event time.
 */
export function eventBridgeEntry(
  event: CanonicalEvent,
  config: EventBridgeDestinationConfig,
): PutEventsRequestEntry {
  return {
    EventBusName: config.eventBusName,
    Source: config.source,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.time),
  };
}

/**
 * Entry-level error codes PutEvents reports with HTTP 200; these two are transient, anything else
 * (malformed detail, no such bus, access denied) is not.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
const TRANSIENT_ENTRY_ERRORS = new Set(["ThrottlingException", "InternalFailure", "InternalException"]);

/**
 * Puts each event on an EventBridge bus. The EventBridge client's module is loaded at the first delivery,
 * as for SNS (lib/destinations/sns.ts): the default DESTINATIONS has no EventBridge entry.
 */
export function createEventBridgeDriver(
  client: () => EventBridgeClient | Promise<EventBridgeClient>,
): DestinationDriver<EventBridgeDestinationConfig, PutEventsRequestEntry> {
  return {
    type: "eventbridge",
    parseConfig(raw, where) {
      rejectUnknownKeys(raw, ["name", "type", "eventBusName", "source"], where);
      return {
        name: stringAt(raw, "name", where),
        type: "eventbridge",
        eventBusName: raw.eventBusName === undefined ? "default" : stringAt(raw, "eventBusName", where),
        source: raw.source === undefined ? DEFAULT_EVENTBRIDGE_SOURCE : stringAt(raw, "source", where),
      };
    },
    format: eventBridgeEntry,
    async deliver(entry) {
      let result: PutEventsCommandOutput;
      try {
        const { PutEventsCommand } = await import("@aws-sdk/client-eventbridge");
        result = await (await client()).send(new PutEventsCommand({ Entries: [entry] }));
      } catch (error) {
        throw awsDeliveryError(error, "EventBridge PutEvents");
      }
      if (!result.FailedEntryCount) return;
      const failure = result.Entries?.[0];
      const code = failure?.ErrorCode ?? "UnknownError";
      throw new DeliveryError(
        `EventBridge rejected the entry: ${code} ${failure?.ErrorMessage ?? ""}`.trim(),
        {
          retryable: TRANSIENT_ENTRY_ERRORS.has(code),
        },
      );
    },
  };
}

let shared: Promise<EventBridgeClient> | undefined;
export const eventBridgeDriver = createEventBridgeDriver(() => {
  shared ??= import("@aws-sdk/client-eventbridge").then(({ EventBridgeClient }) => new EventBridgeClient({}));
  return shared;
});
