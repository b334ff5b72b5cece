import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ORDER_TYPES, EXPIRY_SECONDS } from "../../../lib/registration/desired.ts";
import { type RegisterOptions, register } from "../../../scripts/register/register.ts";
import { errorAnswer } from "../../../scripts/standin/bandwidth/server.ts";
import { startTelnyxStandIn } from "../../../scripts/standin/telnyx/portingOrders.ts";
import {
  cloudFormationAnswering,
  STAND_IN_ACCOUNT,
  startSubscriptionsStandIn,
} from "../../helpers/bandwidthStandIn.ts";
import { ssmAnswering } from "../../helpers/ssmAnswering.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const API = "https://abc123.execute-api.us-east-1.amazonaws.com";
const V1_URL = `${API}/bandwidth/v1/notifications`;
const OUTPUTS = {
  BandwidthV1NotificationsUrl: V1_URL,
  BandwidthPortoutValidationUrl: `${API}/bandwidth/v1/portout-validation`,
  BandwidthV2NotificationsUrl: `${API}/bandwidth/v2/notifications`,
  TelnyxNotificationsUrl: `${API}/telnyx/notifications`,
};
const PREFIX = "/number-events-gateway/prod";
/** Every subscription the command makes by default: the order types, and MESSAGING_LOST. */
const ALL = DEFAULT_ORDER_TYPES.length + 1;

const DEFAULTS: RegisterOptions = {
  stage: "prod",
  region: "us-east-1",
  dryRun: false,
  check: false,
  updateCredentials: false,
  orderTypes: [],
  rotatePassword: false,
  rotationWaitSeconds: 0,
};

let standIn: Awaited<ReturnType<typeof startSubscriptionsStandIn>>;
let secrets: Record<string, string>;
beforeEach(async () => {
  standIn = await startSubscriptionsStandIn();
  secrets = {
    [`${PREFIX}/bandwidth-api-username`]: STAND_IN_ACCOUNT.username,
    [`${PREFIX}/bandwidth-api-password`]: STAND_IN_ACCOUNT.password,
    [`${PREFIX}/bandwidth-password`]: "gateway-password-1",
  };
});
afterEach(() => standIn.close());

/** Runs the command for stage prod, returning its exit code and what it printed. */
async function run(options: Partial<RegisterOptions> = {}, env: NodeJS.ProcessEnv = {}) {
  const printed: string[] = [];
  const ssm = ssmAnswering(secrets);
  const code = await register(
    { ...DEFAULTS, ...options },
    {
      root: ROOT,
      env: { BANDWIDTH_ACCOUNT_ID: STAND_IN_ACCOUNT.accountId, BANDWIDTH_API_URL: standIn.url, ...env },
      cloudFormation: () => cloudFormationAnswering({ "number-events-gateway-prod": OUTPUTS }),
      ssm: () => ssm.client,
      print: (line) => printed.push(line),
    },
  );
  return { code, output: printed.join("\n"), writes: ssm.writes };
}

const stored = () => [...standIn.stored.values()];

describe("npm run register", () => {
  it("creates one subscription per order type and MESSAGING_LOST, with the stack's URL, credentials, a long expiry and E.164", async () => {
    const { code, output } = await run();
    expect(code).toBe(0);
    expect(output).toContain(`Plan: ${ALL} to create, 0 to update, 0 unchanged, 0 stale.`);
    expect(stored()).toHaveLength(ALL);
    expect(
      stored()
        .map((s) => s.orderType ?? s.eventType)
        .sort(),
    ).toEqual([...DEFAULT_ORDER_TYPES, "MESSAGING_LOST"].sort());
    for (const subscription of stored()) {
      expect(subscription).toMatchObject({
        url: V1_URL,
        username: "bandwidth",
        password: "gateway-password-1",
        numberFormat: "E164",
        expiresAt: 1_800_000_000 + EXPIRY_SECONDS,
      });
    }
    expect(output).not.toContain("gateway-password-1");
    expect(output).toContain("Bandwidth port-out validation: open a support ticket");
  });

  it("changes nothing when run a second time", async () => {
    await run();
    const before = JSON.stringify(stored());
    const { code, output } = await run();
    expect(code).toBe(0);
    expect(output).toContain(`Plan: 0 to create, 0 to update, ${ALL} unchanged, 0 stale.`);
    expect(JSON.stringify(stored())).toBe(before);
  });

  it("--dry-run prints the plan and changes nothing", async () => {
    const { output } = await run({ dryRun: true });
    expect(output).toMatch(/^ {2}create +portins +missing$/m);
    expect(output).toContain("Dry run: nothing changed.");
    expect(stored()).toEqual([]);
  });

  it("updates the subscription it already made instead of duplicating it, and leaves others' alone", async () => {
    await run({ orderTypes: ["portins"] });
    const [ours] = stored();
    if (!ours) throw new Error("nothing created");
    ours.numberFormat = "LEGACY";
    standIn.stored.set("someone-else", { ...ours, id: "someone-else", url: "https://other.example/hook" });
    const { output } = await run({ orderTypes: ["portins"] });
    expect(output).toMatch(/update +portins +number format LEGACY/);
    expect(stored()).toHaveLength(3);
    expect(standIn.stored.get(ours.id)?.numberFormat).toBe("E164");
    expect(standIn.stored.get("someone-else")?.numberFormat).toBe("LEGACY");
  });

  it("--update-credentials writes a changed password into every subscription", async () => {
    await run();
    secrets[`${PREFIX}/bandwidth-password`] = "gateway-password-2";
    const { output } = await run({ updateCredentials: true });
    expect(output).toContain(`Plan: 0 to create, ${ALL} to update, 0 unchanged, 0 stale.`);
    expect(new Set(stored().map((s) => s.password))).toEqual(new Set(["gateway-password-2"]));
  });

  it("--rotate-password stores a new password, keeps the old one accepted, updates every subscription, then retires the old one", async () => {
    await run();
    const { code, output, writes } = await run({ rotatePassword: true });
    expect(code).toBe(0);
    const current = secrets[`${PREFIX}/bandwidth-password`] ?? "";
    expect(current).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(stored().map((s) => s.password))).toEqual(new Set([current]));
    expect(writes).toEqual([
      { command: "put", name: `${PREFIX}/bandwidth-password-previous`, type: "SecureString" },
      { command: "put", name: `${PREFIX}/bandwidth-password`, type: "SecureString" },
      { command: "delete", name: `${PREFIX}/bandwidth-password-previous` },
    ]);
    expect(output).toContain("the previous one is retired");
    expect(output).not.toContain(current);
    expect(output).not.toContain("gateway-password-1");
  });

  it("--rotate-password keeps the old password accepted when a subscription could not be updated", async () => {
    await standIn.close();
    standIn = await startSubscriptionsStandIn([
      (request) =>
        request.method === "PUT" ? errorAnswer(404, "12202", "Subscription URL is invalid") : undefined,
    ]);
    await run({ orderTypes: ["portins"] });
    const { code, output } = await run({ rotatePassword: true, orderTypes: ["portins"] });
    expect(code).toBe(1);
    expect(JSON.parse(secrets[`${PREFIX}/bandwidth-password-previous`] ?? "{}")).toMatchObject({
      password: "gateway-password-1",
      expiresAt: expect.any(String),
    });
    expect(output).toContain("The previous password stays accepted until its expiry");
  });

  it("renews a subscription whose expiry is under the margin", async () => {
    await run();
    const [first] = stored();
    if (!first) throw new Error("nothing created");
    first.expiresAt = 1_800_000_000 + 86_400;
    const { output } = await run();
    expect(output).toMatch(new RegExp(`update +${first.orderType} +expires in 1d 0h`));
    expect(standIn.stored.get(first.id)?.expiresAt).toBe(1_800_000_000 + EXPIRY_SECONDS);
  });

  it("re-creates a deleted subscription and reports a stale one", async () => {
    await run({ orderTypes: ["portins", "orders"] });
    const orders = stored().find((s) => s.orderType === "orders");
    if (!orders) throw new Error("no orders subscription");
    standIn.stored.delete(orders.id);
    const { output } = await run({ orderTypes: ["orders"] });
    expect(output).toMatch(/create +orders +missing/);
    expect(output).toMatch(/stale +portins +target not selected/);
    expect(stored().filter((s) => s.orderType === "orders")).toHaveLength(1);
  });

  it("--check reports URL, credentials, expiry and last delivery, never the password", async () => {
    await run({ orderTypes: ["portins"] });
    const portins = stored().find((s) => s.orderType === "portins");
    const lost = stored().find((s) => s.eventType === "MESSAGING_LOST");
    if (!portins || !lost) throw new Error("nothing created");
    portins.status = "401 Unauthorized";
    standIn.stored.delete(lost.id);
    const { code, output } = await run({ check: true, orderTypes: ["portins"] });
    expect(code).toBe(1);
    expect(output).toContain(
      `portins                      ${V1_URL}  credentials: username matches, PASSWORD REFUSED (401)`,
    );
    expect(output).toContain("expires in 36135d 0h  last delivery: 401 Unauthorized");
    expect(output).toMatch(/MESSAGING_LOST +MISSING/);
    expect(output).not.toContain("gateway-password-1");
  });

  it("says which part is wrong: the account id", async () => {
    await expect(run({}, { BANDWIDTH_ACCOUNT_ID: "1" })).rejects.toThrow(/400: is the account id right/);
  });

  it("says which part is wrong: the API credentials, without printing them", async () => {
    secrets[`${PREFIX}/bandwidth-api-password`] = "not-the-api-password";
    const error = await run().then(
      () => undefined,
      (rejected: Error) => rejected,
    );
    expect(error?.message).toMatch(/401: check bandwidth-api-username\/-password/);
    expect(error?.message).not.toContain("not-the-api-password");
  });

  it("says which part is wrong: an unreachable API", async () => {
    const url = standIn.url;
    await standIn.close();
    await expect(run({}, { BANDWIDTH_API_URL: url })).rejects.toThrow(/could not be reached/);
    standIn = await startSubscriptionsStandIn();
  });

  it("says which part is wrong: a callback URL Bandwidth refuses (404)", async () => {
    const printed: string[] = [];
    const code = await register(
      { ...DEFAULTS, orderTypes: ["portins"] },
      {
        root: ROOT,
        env: { BANDWIDTH_ACCOUNT_ID: STAND_IN_ACCOUNT.accountId, BANDWIDTH_API_URL: standIn.url },
        cloudFormation: () =>
          cloudFormationAnswering({
            "number-events-gateway-prod": { ...OUTPUTS, BandwidthV1NotificationsUrl: "ftp://nowhere" },
          }),
        ssm: () => ssmAnswering(secrets).client,
        print: (line) => printed.push(line),
      },
    );
    expect(code).toBe(1);
    expect(printed.join("\n")).toMatch(/FAILED create portins: .*404.*Subscription URL is invalid/);
  });

  it("says which part is wrong: a stack that is not deployed", async () => {
    await expect(run({ stage: "staging" })).rejects.toThrow(
      /cannot read the outputs of stack number-events-gateway-staging/,
    );
  });

  it("says which part is wrong: a missing account id", async () => {
    await expect(run({}, { BANDWIDTH_ACCOUNT_ID: "" })).rejects.toThrow(
      /bandwidthAccountId is not set for stage prod/,
    );
  });
});

describe("npm run register: Telnyx porting orders", () => {
  const TELNYX_KEY = "KEY-telnyx-secret";
  /** 150 orders (two pages of 100): every fifth finished, the rest in progress with an old webhook_url. */
  const orders = () =>
    Array.from({ length: 150 }, (_, i) => ({
      id: `po-${i}`,
      status: { value: i % 5 === 0 ? (i % 10 === 0 ? "ported" : "cancelled") : "in-process" },
      webhook_url: i === 1 ? OUTPUTS.TelnyxNotificationsUrl : "https://old.example/telnyx",
    }));
  let telnyx: Awaited<ReturnType<typeof startTelnyxStandIn>>;
  let telnyxOrders: ReturnType<typeof orders>;
  beforeEach(async () => {
    telnyxOrders = orders();
    telnyx = await startTelnyxStandIn({ apiKey: TELNYX_KEY, orders: telnyxOrders });
    secrets[`${PREFIX}/telnyx-api-key`] = TELNYX_KEY;
  });
  afterEach(() => telnyx.close());

  const runWithTelnyx = (options: Partial<RegisterOptions> = {}) =>
    run({ orderTypes: ["portins"], ...options }, { TELNYX_API_URL: telnyx.url });
  const pointing = () =>
    telnyxOrders.filter((o) => o.webhook_url === OUTPUTS.TelnyxNotificationsUrl).map((o) => o.id);

  it("points every porting order in progress at the stack, on every page, and leaves finished ones", async () => {
    const { code, output } = await runWithTelnyx();
    expect(code).toBe(0);
    expect(output).toContain("Plan: 119 porting orders to update, 1 unchanged.");
    expect(pointing()).toHaveLength(120);
    expect(
      telnyxOrders
        .filter((o) => o.status.value !== "in-process")
        .every((o) => o.webhook_url !== OUTPUTS.TelnyxNotificationsUrl),
    ).toBe(true);
    expect(output).not.toContain(TELNYX_KEY);
    expect((await runWithTelnyx()).output).toContain("Plan: 0 porting orders to update, 120 unchanged.");
  });

  it("changes nothing on a dry run, and --check names the orders pointing elsewhere", async () => {
    await runWithTelnyx({ dryRun: true });
    expect(pointing()).toEqual(["po-1"]);
    const { code, output } = await runWithTelnyx({ check: true });
    expect(code).toBe(1);
    expect(output).toMatch(/ELSEWHERE +porting order po-2 \(in-process\) https:\/\/old\.example\/telnyx/);
  });

  it("says when Telnyx refuses the API key, without printing it", async () => {
    secrets[`${PREFIX}/telnyx-api-key`] = "KEY-wrong";
    const { code, output } = await runWithTelnyx();
    expect(code).toBe(1);
    expect(output).toContain(
      "FAILED Telnyx: GET /porting_orders: Telnyx refused the API key (401: check telnyx-api-key)",
    );
    expect(output).not.toContain("KEY-wrong");
  });
});
