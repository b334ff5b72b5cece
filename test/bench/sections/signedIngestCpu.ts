import { createHmac, createPrivateKey, createPublicKey, verify } from "node:crypto";
import { ed25519PublicKey } from "../../../lib/auth/ed25519.ts";
import { toWebhookRequest } from "../../../lib/http/request.ts";
import { bandwidthV2NotificationsRoute } from "../../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { telnyxNotificationsRoute } from "../../../lib/providers/telnyx/notificationsRoute.ts";
import { asciiJson } from "../../../lib/queue/asciiJson.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { DEV_TELNYX_PRIVATE_KEY_PEM, DEV_TELNYX_PUBLIC_KEY } from "../../../scripts/local/devKeys.ts";
import { bandwidthV2Headers, telnyxHeaders } from "../../../scripts/simulate/sign.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cpuMicrosPerCall, type Row } from "../measure.ts";

const ITERATIONS = 5_000;
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Ingest CPU per request for the two signed JSON routes (API Gateway event → bytes → signature →
 * parse → normalize → the JSON sent to SQS), against the bare primitives (one verify + JSON.parse),
 * and the Ed25519 key object built once against building it for every request.
 */
export async function signedIngestCpu(): Promise<Row[]> {
  const now = new Date();
  const telnyxBody = Buffer.from(fixture("telnyx/number-order-complete-partial.json"));
  const telnyxKey = ed25519PublicKey(DEV_TELNYX_PUBLIC_KEY, "TELNYX_PUBLIC_KEY");
  const telnyxSigned = telnyxHeaders(telnyxBody, createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM), now);
  const telnyxEvent = apiGatewayEvent("POST", "/telnyx/notifications", telnyxSigned, telnyxBody, "127.0.0.1");
  const message = Buffer.concat([Buffer.from(`${telnyxSigned["telnyx-timestamp"]}|`), telnyxBody]);
  const signature = Buffer.from(telnyxSigned["telnyx-signature-ed25519"] ?? "", "base64");
  const rawKey = Buffer.from(DEV_TELNYX_PUBLIC_KEY, "base64");

  const v2Body = Buffer.from(fixture("bandwidth/v2/orders-partial.json"));
  const secret = Buffer.from("bench-secret");
  const v2Event = apiGatewayEvent(
    "POST",
    "/bandwidth/v2/notifications",
    bandwidthV2Headers(v2Body, secret),
    v2Body,
    "127.0.0.1",
  );

  const telnyxFloor = await cpuMicrosPerCall(() => {
    verify(null, message, telnyxKey, signature);
    return JSON.parse(telnyxBody.toString("utf8"));
  }, ITERATIONS);
  const keyOnce = await cpuMicrosPerCall(() => verify(null, message, telnyxKey, signature), ITERATIONS);
  const keyPerRequest = await cpuMicrosPerCall(() => {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, rawKey]), format: "der", type: "spki" });
    return verify(null, message, key, signature);
  }, ITERATIONS);
  const telnyx = await cpuMicrosPerCall(() => {
    const request = toWebhookRequest(telnyxEvent, now);
    telnyxNotificationsRoute.authenticate(request, telnyxKey, now);
    return asciiJson(telnyxNotificationsRoute.normalize(request));
  }, ITERATIONS);
  const v2Floor = await cpuMicrosPerCall(() => {
    createHmac("sha256", secret).update(v2Body).digest();
    return JSON.parse(v2Body.toString("utf8"));
  }, ITERATIONS);
  const v2 = await cpuMicrosPerCall(() => {
    const request = toWebhookRequest(v2Event, now);
    bandwidthV2NotificationsRoute.authenticate(request, { hmacSecret: secret, basic: null }, now);
    return asciiJson(bandwidthV2NotificationsRoute.normalize(request));
  }, ITERATIONS);
  const section = "signed ingest CPU";
  return [
    {
      id: "telnyx.primitivesCpuMicros",
      section,
      name: "primitives: Ed25519 verify + JSON.parse",
      value: telnyxFloor,
      unit: "µs/request",
    },
    {
      id: "telnyx.verifyCpuMicros",
      section,
      name: "Ed25519 verify, key object built once per cold start (from JWK)",
      value: keyOnce,
      unit: "µs/request",
    },
    {
      id: "telnyx.keyPerRequestCpuMicros",
      section,
      name: "Ed25519 verify with the key object built per request",
      value: keyPerRequest,
      unit: "µs/request",
      baseline: { name: "key built once", ratio: keyPerRequest / keyOnce },
    },
    {
      id: "telnyx.cpuMicros",
      section,
      name: "Telnyx ingest (timestamp, Ed25519, parse, normalize, serialize)",
      value: telnyx,
      unit: "µs/request",
      baseline: { name: "primitives", ratio: telnyx / telnyxFloor },
    },
    {
      id: "bandwidthV2.primitivesCpuMicros",
      section,
      name: "primitives: HMAC-SHA256 + JSON.parse",
      value: v2Floor,
      unit: "µs/request",
    },
    {
      id: "bandwidthV2.cpuMicros",
      section,
      name: "Bandwidth v2 ingest (HMAC, constant-time compare, parse, normalize, serialize)",
      value: v2,
      unit: "µs/request",
      baseline: { name: "HMAC primitives", ratio: v2 / v2Floor },
    },
  ];
}
