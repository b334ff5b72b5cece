import { randomUUID } from "node:crypto";
import {
  SUBSCRIBABLE_EVENT_TYPES,
  SUBSCRIBABLE_ORDER_TYPES,
} from "../../../lib/bandwidthApi/subscriptionTargets.ts";
import { escapeXml } from "../../../lib/xml/escape.ts";
import { parseXml, textOf } from "../../../lib/xml/parse.ts";
import type { BandwidthApiRoute, StandInRequest, StandInResponse } from "./route.ts";
import { errorAnswer } from "./server.ts";

/** What a subscription may name, as the spec lists it. */
const ORDER_TYPES = new Set(SUBSCRIBABLE_ORDER_TYPES);
const EVENT_TYPES = new Set(SUBSCRIBABLE_EVENT_TYPES);
/** `CallbackSubscription.Expiry`: "can be omitted … and defaults to 86400 seconds (1 day)". */
const DEFAULT_EXPIRY_SECONDS = 86_400;

/** One stored subscription, as the stand-in keeps it (the password is kept, never listed). */
export interface StoredSubscription {
  id: string;
  orderType?: string;
  eventType?: string;
  url: string;
  /** Unix seconds. */
  expiresAt: number;
  numberFormat: string;
  username?: string;
  password?: string;
  /** What `Status` says: the latest callback attempt. */
  status?: string;
}

/**
 * The v1 subscriptions resource of the Bandwidth Dashboard API stand-in, as site/specs/numbers.yml
 * (Bandwidth/api-docs) documents it: `POST` → 201 + `Location`, 409 for a target and URL already
 * subscribed, 404 for an invalid URL or expiry; `GET` lists with `Expiry` as the seconds remaining
 * and the Basic username but never the password; `PUT` replaces; `DELETE` removes (404 when unknown).
 * `now` (Unix seconds) lets a test move time on instead of waiting.
 */
export function subscriptionsRoute(options: { baseUrl: () => string; now?: () => number }) {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const stored = new Map<string, StoredSubscription>();

  const route: BandwidthApiRoute = (request) => {
    const match = /^\/subscriptions(?:\/([^/]+))?$/.exec(request.path);
    if (!match) return undefined;
    const id = match[1] ? decodeURIComponent(match[1]) : undefined;
    if (!id) {
      if (request.method === "GET") return list([...stored.values()]);
      if (request.method === "POST") return create(request);
      return { status: 405 };
    }
    const existing = stored.get(id);
    if (!existing) return errorAnswer(404, "12203", "Subscription does not exist");
    if (request.method === "GET") return list([existing]);
    if (request.method === "DELETE") {
      stored.delete(id);
      return { status: 200 };
    }
    if (request.method === "PUT") {
      const parsed = parse(request, id);
      if (!("id" in parsed)) return parsed;
      // `Status` is the latest callback attempt's: an update does not change it.
      stored.set(id, existing.status ? { ...parsed, status: existing.status } : parsed);
      return { status: 200 };
    }
    return { status: 405 };
  };

  function create(request: StandInRequest): StandInResponse {
    const parsed = parse(request, randomUUID());
    if (!("id" in parsed)) return parsed;
    const duplicate = [...stored.values()].some(
      (other) =>
        other.url === parsed.url &&
        other.orderType === parsed.orderType &&
        other.eventType === parsed.eventType,
    );
    if (duplicate) return errorAnswer(409, "12201", "Subscription for this target already exists");
    stored.set(parsed.id, parsed);
    return { status: 201, headers: { location: `${options.baseUrl()}/subscriptions/${parsed.id}` } };
  }

  function parse(request: StandInRequest, id: string): StoredSubscription | StandInResponse {
    let root: Record<string, unknown>;
    try {
      root = parseXml(request.body, new Set()).Subscription as Record<string, unknown>;
    } catch {
      return errorAnswer(400, "12000", "Malformed request");
    }
    const callback = root?.CallbackSubscription as Record<string, unknown> | undefined;
    if (!root || !callback) return errorAnswer(400, "12000", "A CallbackSubscription is required");
    const orderType = textOf(root, "OrderType") ?? undefined;
    const eventType = textOf(root, "EventType") ?? undefined;
    if (orderType ? !ORDER_TYPES.has(orderType) : !eventType || !EVENT_TYPES.has(eventType))
      return errorAnswer(400, "12001", "Invalid OrderType or EventType");
    const url = textOf(callback, "URL") ?? "";
    if (!/^https?:\/\/[^\s/]+/.test(url)) return errorAnswer(404, "12202", "Subscription URL is invalid");
    const expiryText = textOf(callback, "Expiry");
    const expiry = expiryText === null ? DEFAULT_EXPIRY_SECONDS : Number(expiryText);
    if (!Number.isSafeInteger(expiry) || expiry <= 0)
      return errorAnswer(404, "12204", "Subscription expiry is invalid");
    const basic = (callback.CallbackCredentials as Record<string, unknown> | undefined)
      ?.BasicAuthentication as Record<string, unknown> | undefined;
    const subscription: StoredSubscription = {
      id,
      url,
      expiresAt: now() + expiry,
      numberFormat: textOf(callback, "NumberFormat") ?? "LEGACY",
    };
    if (orderType) subscription.orderType = orderType;
    if (eventType) subscription.eventType = eventType;
    const username = basic ? textOf(basic, "Username") : null;
    const password = basic ? textOf(basic, "Password") : null;
    if (username) subscription.username = username;
    if (password) subscription.password = password;
    return subscription;
  }

  function list(items: StoredSubscription[]): StandInResponse {
    const xml = items.map((item) => {
      const target = item.orderType
        ? `<OrderType>${item.orderType}</OrderType>`
        : `<EventType>${item.eventType}</EventType>`;
      const credentials = item.username
        ? `<CallbackCredentials><BasicAuthentication><Username>${escapeXml(item.username)}</Username></BasicAuthentication></CallbackCredentials>`
        : "";
      const status = item.status ? `<Status>${escapeXml(item.status)}</Status>` : "";
      return (
        `<Subscription><SubscriptionId>${item.id}</SubscriptionId>${target}<CallbackSubscription>` +
        `<URL>${escapeXml(item.url)}</URL><Expiry>${Math.max(0, item.expiresAt - now())}</Expiry>${status}` +
        `${credentials}<NumberFormat>${item.numberFormat}</NumberFormat></CallbackSubscription></Subscription>`
      );
    });
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<SubscriptionsResponse><Subscriptions>${xml.join("")}</Subscriptions></SubscriptionsResponse>`,
    };
  }

  return { route, stored };
}
