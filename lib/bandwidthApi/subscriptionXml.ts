import { escapeXml } from "../xml/escape.ts";
import { parseXml, textOf } from "../xml/parse.ts";

/**
 * A Bandwidth v1 callback subscription (site/specs/numbers.yml in Bandwidth/api-docs, schemas
 * `CallBackSubscriptionByOrderTypeRequest` / `…ByEventTypeRequest`, `CallbackSubscription`). Exactly
 * one of `orderType` (e.g. `portins`) and `eventType` (`MESSAGING_LOST`) is set.
 */
export interface CallbackSubscription {
  orderType?: string;
  eventType?: string;
  url: string;
  /** Seconds: what to set on a write; on a read, the seconds remaining ("shows how many seconds are remaining before expiration"). */
  expirySeconds: number;
  /** `LEGACY` (10-digit US numbers; Bandwidth's default) or `E164`. */
  numberFormat: string;
  username?: string;
}

/** A subscription as Bandwidth lists it: its id, and `status` of the latest callback attempt. */
export interface ListedSubscription extends CallbackSubscription {
  id: string;
  status?: string;
}

/** The request body of `POST /subscriptions` and `PUT /subscriptions/{id}`. */
export function subscriptionXml(subscription: CallbackSubscription, password: string): string {
  const target = subscription.orderType
    ? `<OrderType>${escapeXml(subscription.orderType)}</OrderType>`
    : `<EventType>${escapeXml(subscription.eventType ?? "")}</EventType>`;
  const credentials =
    subscription.username === undefined
      ? ""
      : `<CallbackCredentials><BasicAuthentication><Username>${escapeXml(subscription.username)}</Username>` +
        `<Password>${escapeXml(password)}</Password></BasicAuthentication></CallbackCredentials>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Subscription>${target}<CallbackSubscription>` +
    `<URL>${escapeXml(subscription.url)}</URL><Expiry>${subscription.expirySeconds}</Expiry>${credentials}` +
    `<NumberFormat>${escapeXml(subscription.numberFormat)}</NumberFormat></CallbackSubscription></Subscription>`
  );
}

/**
 * The callback subscriptions of a `GET /subscriptions` (or `GET /subscriptions/{id}`) answer;
 * e-mail subscriptions are left out. Pure. Throws MalformedBodyError on XML that is not XML.
 */
export function parseSubscriptions(xml: string): ListedSubscription[] {
  const root = parseXml(xml, new Set(["Subscription"])).SubscriptionsResponse as
    | Record<string, unknown>
    | undefined;
  const container = (root?.Subscriptions as Record<string, unknown> | undefined) ?? root;
  const items = (container?.Subscription ?? []) as Record<string, unknown>[];
  return items.flatMap((item) => {
    const callback = item.CallbackSubscription as Record<string, unknown> | undefined;
    const id = textOf(item, "SubscriptionId");
    if (!callback || typeof callback !== "object" || !id) return [];
    const basic = (callback.CallbackCredentials as Record<string, unknown> | undefined)
      ?.BasicAuthentication as Record<string, unknown> | undefined;
    const listed: ListedSubscription = {
      id,
      // Bandwidth's own examples quote the URL ("https://…"): compare it unquoted.
      url: (textOf(callback, "URL") ?? "").replace(/^"(.*)"$/, "$1"),
      expirySeconds: Number(textOf(callback, "Expiry") ?? 0),
      numberFormat: textOf(callback, "NumberFormat") ?? "LEGACY",
    };
    const orderType = textOf(item, "OrderType");
    const eventType = textOf(item, "EventType");
    const status = textOf(callback, "Status");
    const username = basic && typeof basic === "object" ? textOf(basic, "Username") : null;
    if (orderType) listed.orderType = orderType;
    if (eventType) listed.eventType = eventType;
    if (status) listed.status = status;
    if (username) listed.username = username;
    return [listed];
  });
}

/** `OrderType` or `EventType`: what one subscription is for. */
export function targetOf(subscription: { orderType?: string; eventType?: string }): string {
  return subscription.orderType ?? subscription.eventType ?? "";
}
