import { SUBSCRIBABLE_EVENT_TYPES, SUBSCRIBABLE_ORDER_TYPES } from "../bandwidthApi/subscriptionTargets.ts";
import type { CallbackSubscription } from "../bandwidthApi/subscriptionXml.ts";
import { orderKindOf } from "../providers/bandwidth/orderTypes.ts";

/** Every order type the gateway turns into a typed event that Bandwidth lets one subscribe to. */
export const DEFAULT_ORDER_TYPES: readonly string[] = SUBSCRIBABLE_ORDER_TYPES.filter(
  (orderType) => orderKindOf(orderType) !== "unknown",
);

/** The event notifications: all of them (`MESSAGING_LOST`). */
export const EVENT_TYPES = SUBSCRIBABLE_EVENT_TYPES;

/**
 * The expiry set on every write: 99 years, Bandwidth's own example (site/docs/account/subscriptions.mdx,
 * "99 years = `3122064000` seconds"). Omitted, it "defaults to 86400 seconds (1 day)"
 * (site/specs/numbers.yml `CallbackSubscription.Expiry`).
 */
export const EXPIRY_SECONDS = 3_122_064_000;

/**
 * E.164 explicitly: `LEGACY` (the default) sends 10-digit numbers for +1 (`CallbackSubscription.NumberFormat`).
 * The gateway turns both into E.164; asking for it removes the guess.
 */
export const NUMBER_FORMAT = "E164";

export interface RegistrationTarget {
  /** The stack's `BandwidthV1NotificationsUrl`. */
  url: string;
  /** The Basic username the gateway checks (`bandwidthUsername`). */
  username: string;
  orderTypes: readonly string[];
  eventTypes: readonly string[];
}

/** One subscription per selected order type and event type, all to the stack's URL. Pure. */
export function desiredSubscriptions(target: RegistrationTarget): CallbackSubscription[] {
  const common = {
    url: target.url,
    expirySeconds: EXPIRY_SECONDS,
    numberFormat: NUMBER_FORMAT,
    username: target.username,
  };
  return [
    ...target.orderTypes.map((orderType) => ({ orderType, ...common })),
    ...target.eventTypes.map((eventType) => ({ eventType, ...common })),
  ];
}

/** Checks a `--order-types` selection against what Bandwidth accepts; the error names the unknown ones. */
export function checkOrderTypes(selected: readonly string[]): string[] {
  const unknown = selected.filter((type) => !SUBSCRIBABLE_ORDER_TYPES.includes(type));
  if (unknown.length > 0)
    throw new Error(
      `unknown order type ${unknown.join(", ")} (Bandwidth accepts ${SUBSCRIBABLE_ORDER_TYPES.join(", ")})`,
    );
  return [...selected];
}
