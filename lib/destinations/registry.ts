import type { DestinationConfig, DestinationDriver } from "./driver.ts";
import { eventBridgeDriver } from "./eventbridge.ts";
import { fileDriver } from "./file.ts";
import type { DestinationFilter } from "./filter.ts";
import { httpDriver } from "./http.ts";
import type { RetryPolicy } from "./retryPolicy.ts";
import { snsDriver } from "./sns.ts";
import { sqsDriver } from "./sqs.ts";

// biome-ignore lint/suspicious/noExplicitAny: drivers differ in config and wire format; each is checked where it is defined.
export type AnyDriver = DestinationDriver<any, any>;

/** Destination types by name. Adding a type = one driver file + one line here. */
export const DRIVERS: Readonly<Record<string, AnyDriver>> = {
  [httpDriver.type]: httpDriver,
  [sqsDriver.type]: sqsDriver,
  [snsDriver.type]: snsDriver,
  [eventBridgeDriver.type]: eventBridgeDriver,
  [fileDriver.type]: fileDriver,
};

/** A configured destination bound to its driver, with what it wants and how it is retried. */
export interface Destination {
  config: DestinationConfig;
  driver: AnyDriver;
  filter: DestinationFilter;
  retry: RetryPolicy;
  /**
   * Sent to by the fan-out itself, in one batch per fan-out batch, rather than through the
   * deliveries queue: the default for a driver that can (SQS), `"direct": false` to opt out.
   */
  direct: boolean;
}
