import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handler } from "../../../functions/renewSubscriptions.ts";
import { logger } from "../../../lib/log.ts";
import { DEFAULT_ORDER_TYPES, EXPIRY_SECONDS } from "../../../lib/registration/desired.ts";
import { lambdaContext } from "../../../scripts/local/lambdaContext.ts";
import { errorAnswer } from "../../../scripts/standin/bandwidth/server.ts";
import { STAND_IN_ACCOUNT, startSubscriptionsStandIn } from "../../helpers/bandwidthStandIn.ts";
import { captureLogs } from "../../helpers/captureLogs.ts";

const V1_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/bandwidth/v1/notifications";
const ALL = DEFAULT_ORDER_TYPES.length + 1;
const START = 1_800_000_000;

let standIn: Awaited<ReturnType<typeof startSubscriptionsStandIn>>;
const logs = captureLogs();
const logged = logs.logged;

beforeAll(() => {
  logger.setLogLevel("INFO");
  logs.start();
});
afterAll(() => logs.stop());

beforeEach(async () => {
  standIn = await startSubscriptionsStandIn();
  logged.length = 0;
  Object.assign(process.env, {
    BANDWIDTH_ACCOUNT_ID: STAND_IN_ACCOUNT.accountId,
    BANDWIDTH_API_URL: standIn.url,
    BANDWIDTH_API_USERNAME: STAND_IN_ACCOUNT.username,
    BANDWIDTH_API_PASSWORD: STAND_IN_ACCOUNT.password,
    BANDWIDTH_USERNAME: "bandwidth",
    BANDWIDTH_PASSWORD: "gateway-password",
    BANDWIDTH_V1_NOTIFICATIONS_URL: V1_URL,
    SUBSCRIPTION_RENEWAL_MARGIN_DAYS: "30",
    BANDWIDTH_ORDER_TYPES: "",
  });
});
afterEach(() => standIn.close());

const renew = () => handler({}, lambdaContext("renewSubscriptions", 300));
const stored = () => [...standIn.stored.values()];

/** Subscribes every target, as `npm run register` would (through the renewal itself once one exists). */
async function registerAll(): Promise<void> {
  standIn.stored.set("seed", {
    id: "seed",
    orderType: "portins",
    url: V1_URL,
    expiresAt: START + EXPIRY_SECONDS,
    numberFormat: "E164",
    username: "bandwidth",
    password: "gateway-password",
  });
  await renew();
  logged.length = 0;
}

describe("the scheduled subscription renewal", () => {
  it("renews a subscription whose expiry is under the margin, with the current password, and leaves the rest", async () => {
    await registerAll();
    const [first, second] = stored();
    if (!first || !second) throw new Error("not registered");
    first.expiresAt = START + 29 * 86_400;
    first.password = "stale";
    const before = second.expiresAt;
    standIn.advance(60);
    expect(await renew()).toEqual({ renewed: 1, recreated: 0, unchanged: ALL - 1 });
    expect(standIn.stored.get(first.id)).toMatchObject({
      expiresAt: START + 60 + EXPIRY_SECONDS,
      password: "gateway-password",
    });
    expect(standIn.stored.get(second.id)?.expiresAt).toBe(before);
  });

  it("re-creates a subscription that disappeared, and logs it for the alarm", async () => {
    await registerAll();
    const orders = stored().find((s) => s.orderType === "orders");
    if (!orders) throw new Error("not registered");
    standIn.stored.delete(orders.id);
    expect(await renew()).toEqual({ renewed: 0, recreated: 1, unchanged: ALL - 1 });
    expect(stored().filter((s) => s.orderType === "orders")).toHaveLength(1);
    expect(logged.join("")).toContain('"message":"bandwidth subscription missing"');
  });

  it("does not make the first registration, but alarms when none of the stack's subscriptions exist", async () => {
    expect(await renew()).toEqual({ renewed: 0, recreated: 0, unchanged: 0 });
    expect(stored()).toEqual([]);
    expect(logged.join("")).toMatch(/"message":"bandwidth subscription missing".*"missing":\d+/);
  });

  it("fails (for the errors alarm) when Bandwidth refuses the API credentials, without logging them", async () => {
    process.env.BANDWIDTH_API_PASSWORD = "wrong-api-password";
    await expect(renew()).rejects.toThrow(/401/);
    expect(logged.join("")).not.toContain("wrong-api-password");
  });

  it("fails (for the errors alarm) when Bandwidth refuses one renewal, after renewing the others", async () => {
    await standIn.close();
    // Bandwidth answers 404 when "the subscription validation failed" (site/specs/numbers.yml, PUT).
    standIn = await startSubscriptionsStandIn([
      (request) =>
        request.method === "PUT" && request.path === "/subscriptions/seed"
          ? errorAnswer(404, "12204", "Subscription expiry is invalid")
          : undefined,
    ]);
    process.env.BANDWIDTH_API_URL = standIn.url;
    await registerAll();
    for (const subscription of stored()) subscription.expiresAt = START + 3600;
    await expect(renew()).rejects.toThrow(/1 of \d+ subscription changes failed: .*404/);
    expect(stored().filter((s) => s.expiresAt === START + EXPIRY_SECONDS)).toHaveLength(ALL - 1);
    expect(logged.join("")).toContain('"message":"bandwidth subscription not renewed"');
  });

  it("does nothing, saying so, without an account id (the default, and npm start's when unset)", async () => {
    process.env.BANDWIDTH_ACCOUNT_ID = "";
    expect(await renew()).toBeUndefined();
    expect(logged.join("")).toContain("subscription renewal skipped: bandwidthAccountId is not set");
  });
});
