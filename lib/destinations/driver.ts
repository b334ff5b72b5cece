import type { DeliveryError } from "../errors.ts";
import type { CanonicalEvent } from "../event/canonical.ts";

/** One configured destination, validated at cold start. */
export interface DestinationConfig {
  name: string;
  type: string;
}

/**
 * A destination type: a pure `format()` (event → what goes on the wire) kept apart from
 * `deliver()` (the I/O), registered by type in `registry.ts`. Every driver passes the shared suite
 * in `test/lib/destinations/driverSuite.test.ts`.
 */
export interface DestinationDriver<Config extends DestinationConfig, Formatted> {
  type: Config["type"];
  /**
   * Validates one entry of the destinations config; throws naming the key that is wrong. `env` is
   * where a `…Env` key's variable is read (process.env unless the caller gives its own).
   */
  parseConfig(raw: Record<string, unknown>, where: string, env?: NodeJS.ProcessEnv): Config;
  format(event: CanonicalEvent, config: Config): Formatted;
  /** Throws a DeliveryError; `retryable` says whether trying again later can succeed. */
  deliver(formatted: Formatted, config: Config): Promise<void>;
  /**
   * Sends several at once, keeping their order (SQS SendMessageBatch). A driver that has it can be
   * sent to straight from the fan-out, without the deliveries queue (lib/fanout/deliverDirect.ts).
   * Resolves with what was not taken, by index; never throws.
   */
  deliverBatch?(formatted: readonly Formatted[], config: Config): Promise<BatchFailure[]>;
}

/** An entry of a batch the destination did not take. */
export interface BatchFailure {
  index: number;
  error: DeliveryError;
}
