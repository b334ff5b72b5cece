import type { BandwidthApi } from "./client.ts";
import { BandwidthApiError } from "./errors.ts";
import {
  type CallbackSubscription,
  type ListedSubscription,
  parseSubscriptions,
  subscriptionXml,
} from "./subscriptionXml.ts";

/**
 * The account's v1 subscriptions resource (site/specs/numbers.yml in Bandwidth/api-docs:
 * `/accounts/{accountId}/subscriptions` GET/POST, `/subscriptions/{subscriptionid}` GET/PUT/DELETE).
 * `password` is the gateway's Basic password Bandwidth will send with each callback; it only goes
 * into request bodies.
 */
export function bandwidthSubscriptions(api: BandwidthApi) {
  return {
    async list(): Promise<ListedSubscription[]> {
      const { body } = await api.request("GET", "/subscriptions");
      return parseAnswer("GET", "/subscriptions", body);
    },

    /** Creates one; Bandwidth answers 201 with the new id only in `Location`. */
    async create(subscription: CallbackSubscription, password: string): Promise<string> {
      const { headers } = await api.request("POST", "/subscriptions", {
        body: subscriptionXml(subscription, password),
      });
      const id = headers.get("location")?.split("/").filter(Boolean).at(-1);
      if (!id)
        throw new BandwidthApiError("unexpected", {
          method: "POST",
          path: "/subscriptions",
          detail: "no Location header",
        });
      return id;
    },

    async update(id: string, subscription: CallbackSubscription, password: string): Promise<void> {
      await api.request("PUT", `/subscriptions/${encodeURIComponent(id)}`, {
        body: subscriptionXml(subscription, password),
      });
    },
  };
}

export type BandwidthSubscriptions = ReturnType<typeof bandwidthSubscriptions>;

function parseAnswer(method: string, path: string, body: string): ListedSubscription[] {
  try {
    return parseSubscriptions(body);
  } catch (error) {
    throw new BandwidthApiError("unexpected", { method, path, detail: "unreadable XML", cause: error });
  }
}
