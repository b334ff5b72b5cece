import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { httpDriver, signatureHeaders } from "../../../lib/destinations/http.ts";
import { orderEvent } from "../../helpers/events.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";

const CURRENT = `whsec_${Buffer.from("current-secret-32-bytes-long!!!!").toString("base64")}`;
const PREVIOUS = `whsec_${Buffer.from("previous-secret-32-bytes-long!!!").toString("base64")}`;
const event = orderEvent("order-7", 1);

let stop: (() => Promise<void>) | undefined;
afterEach(async () => stop?.());

async function send(raw: Record<string, unknown>) {
  const receiver = await startReceiver(() => ({ status: 204 }));
  stop = receiver.stop;
  const config = httpDriver.parseConfig(
    { name: "crm", type: "http", url: receiver.url, ...raw },
    "destinations[0]",
  );
  await httpDriver.deliver(httpDriver.format(event, config), config);
  const [request] = receiver.received;
  if (!request) throw new Error("nothing received");
  return { headers: request.headers as Record<string, string>, body: request.body };
}

describe("http destination signing (Standard Webhooks)", () => {
  it("signs so that the reference verifier accepts the request with the receiver's secret", async () => {
    const { headers, body } = await send({ secret: CURRENT });
    expect(headers["webhook-id"]).toBe(event.id);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(CURRENT).verify(body, headers)).toEqual(event);
    expect(() => new Webhook(PREVIOUS).verify(body, headers)).toThrow();
  });

  it("sends both signatures during a rotation, so receivers on either secret verify", async () => {
    const { headers, body } = await send({ secret: CURRENT, previousSecret: PREVIOUS });
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(new Webhook(CURRENT).verify(body, headers)).toEqual(event);
    expect(new Webhook(PREVIOUS).verify(body, headers)).toEqual(event);
  });

  it("stops sending the previous signature once its overlap has ended", async () => {
    const out = httpDriver.format(
      event,
      httpDriver.parseConfig(
        {
          name: "crm",
          type: "http",
          url: "https://crm.example.com",
          secret: CURRENT,
          previousSecret: PREVIOUS,
          previousSecretExpiresAt: "2026-03-01T00:00:00Z",
        },
        "d",
      ),
    );
    const during = await signatureHeaders(out, new Date("2026-02-28T23:59:59Z"));
    const after = await signatureHeaders(out, new Date("2026-03-01T00:00:00Z"));
    expect(during["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(after["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(after["webhook-timestamp"]).toBe(String(Date.parse("2026-03-01T00:00:00Z") / 1000));
  });

  it("signs each attempt with its own send time (receivers reject stale timestamps)", async () => {
    const out = httpDriver.format(
      event,
      httpDriver.parseConfig({ name: "crm", type: "http", url: "https://x.example", secret: CURRENT }, "d"),
    );
    const first = await signatureHeaders(out, new Date("2026-01-01T00:00:00Z"));
    const retry = await signatureHeaders(out, new Date("2026-01-01T02:00:00Z"));
    expect(retry["webhook-timestamp"]).not.toBe(first["webhook-timestamp"]);
    expect(retry["webhook-signature"]).not.toBe(first["webhook-signature"]);
  });

  it("sends no signature headers when the destination has no secret", async () => {
    const { headers } = await send({});
    expect(headers).not.toHaveProperty("webhook-signature");
    expect(headers["webhook-id"]).toBe(event.id);
  });

  it.each([
    [{ secret: "not-a-secret!" }, /secret must be a Standard Webhooks secret/],
    [{ previousSecret: PREVIOUS }, /previousSecret needs a current secret/],
    [{ secret: CURRENT, secretParameter: "/x" }, /set secret or secretParameter, not both/],
    [{ secretParameter: "relative" }, /secretParameter must be an SSM parameter name/],
    [{ headers: { "Webhook-Signature": "v1,forged" } }, /headers.Webhook-Signature is set by the gateway/],
    [{ secret: CURRENT, previousSecret: PREVIOUS, previousSecretExpiresAt: "soon" }, /ISO 8601/],
  ])("rejects the config %j at cold start", (raw, message) => {
    expect(() =>
      httpDriver.parseConfig(
        { name: "crm", type: "http", url: "https://x.example", ...raw },
        "destinations[0]",
      ),
    ).toThrow(message);
  });
});
