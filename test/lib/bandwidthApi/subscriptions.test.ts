import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBandwidthApi } from "../../../lib/bandwidthApi/client.ts";
import { BandwidthApiError } from "../../../lib/bandwidthApi/errors.ts";
import { bandwidthSubscriptions } from "../../../lib/bandwidthApi/subscriptions.ts";
import type { CallbackSubscription } from "../../../lib/bandwidthApi/subscriptionXml.ts";
import { STAND_IN_ACCOUNT, startSubscriptionsStandIn } from "../../helpers/bandwidthStandIn.ts";

const portins: CallbackSubscription = {
  orderType: "portins",
  url: "https://gateway.example/bandwidth/v1/notifications",
  expirySeconds: 3_122_064_000,
  numberFormat: "E164",
  username: "bandwidth",
};

let standIn: Awaited<ReturnType<typeof startSubscriptionsStandIn>>;
beforeEach(async () => {
  standIn = await startSubscriptionsStandIn();
});
afterEach(() => standIn.close());

const subscriptionsAs = (overrides: Partial<Parameters<typeof createBandwidthApi>[0]> = {}) =>
  bandwidthSubscriptions(createBandwidthApi({ baseUrl: standIn.url, ...STAND_IN_ACCOUNT, ...overrides }));

/** The failure kind and message of a rejected call. */
async function failureOf(call: Promise<unknown>): Promise<{ failure: string; message: string }> {
  const error = await call.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof BandwidthApiError))
    throw new Error(`expected a BandwidthApiError, got ${String(error)}`);
  return { failure: error.failure, message: error.message };
}

describe("the Bandwidth subscriptions client against the stand-in", () => {
  it("creates a subscription (201, id from Location) and lists it with its username, never its password", async () => {
    const subscriptions = subscriptionsAs();
    const id = await subscriptions.create(portins, "gateway-secret");
    const [listed] = await subscriptions.list();
    expect(listed).toEqual({ ...portins, id, expirySeconds: portins.expirySeconds });
    expect(standIn.stored.get(id)?.password).toBe("gateway-secret");
  });

  it("reports the seconds left, as Bandwidth's GET does", async () => {
    const subscriptions = subscriptionsAs();
    await subscriptions.create({ ...portins, expirySeconds: 86_400 }, "p");
    standIn.advance(3600);
    expect((await subscriptions.list())[0]?.expirySeconds).toBe(82_800);
  });

  it("updates a subscription in place (PUT)", async () => {
    const subscriptions = subscriptionsAs();
    const id = await subscriptions.create(portins, "old");
    await subscriptions.update(id, { ...portins, numberFormat: "LEGACY" }, "new");
    expect(standIn.stored.get(id)).toMatchObject({ numberFormat: "LEGACY", password: "new" });
  });

  it("names a duplicate (409)", async () => {
    const subscriptions = subscriptionsAs();
    await subscriptions.create(portins, "p");
    expect(await failureOf(subscriptions.create(portins, "p"))).toEqual({
      failure: "conflict",
      message: expect.stringContaining("already exists"),
    });
  });

  it("names a callback URL Bandwidth refuses (404) with Bandwidth's reason", async () => {
    const refused = await failureOf(subscriptionsAs().create({ ...portins, url: "not a url" }, "p"));
    expect(refused.failure).toBe("not_found");
    expect(refused.message).toContain("Subscription URL is invalid");
  });

  it("names wrong API credentials (401) without printing them", async () => {
    const refused = await failureOf(subscriptionsAs({ password: "wrong-api-password" }).list());
    expect(refused.failure).toBe("unauthorized");
    expect(refused.message).not.toContain("wrong-api-password");
  });

  it("names a wrong account id (400)", async () => {
    expect((await failureOf(subscriptionsAs({ accountId: "1" }).list())).failure).toBe("bad_request");
  });

  it("names an unreachable API", async () => {
    const url = standIn.url;
    await standIn.close();
    expect((await failureOf(subscriptionsAs({ baseUrl: url }).list())).failure).toBe("unreachable");
    standIn = await startSubscriptionsStandIn();
  });
});
