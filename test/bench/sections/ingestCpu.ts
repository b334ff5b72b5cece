import { XMLParser } from "fast-xml-parser";
import { verifyBasicAuth } from "../../../lib/auth/basic.ts";
import { toWebhookRequest } from "../../../lib/http/request.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cpuMicrosPerCall, type Row } from "../measure.ts";

const ITERATIONS = 20_000;
const credentials = { username: "bandwidth", password: "bench-password" };
const authorization = `Basic ${Buffer.from("bandwidth:bench-password").toString("base64")}`;

/**
 * Ingest CPU per request for the Bandwidth v1 XML path (API Gateway event → bytes → Basic auth →
 * hardened parse → normalize → the JSON sent to SQS), against the bare primitives: one default
 * fast-xml-parser parse and one credential check.
 */
export async function ingestCpu(): Promise<Row[]> {
  const body = fixture("bandwidth/v1/portins-complete.xml");
  const event = apiGatewayEvent(
    "POST",
    "/bandwidth/v1/notifications",
    { "content-type": "application/xml", authorization },
    Buffer.from(body),
    "127.0.0.1",
  );
  const parser = new XMLParser();
  const floor = await cpuMicrosPerCall(() => {
    verifyBasicAuth(authorization, credentials);
    return parser.parse(body);
  }, ITERATIONS);
  const pipeline = await cpuMicrosPerCall(() => {
    const request = toWebhookRequest(event);
    bandwidthV1NotificationsRoute.authenticate(request, credentials, new Date());
    return JSON.stringify(bandwidthV1NotificationsRoute.normalize(request));
  }, ITERATIONS);
  return [
    {
      id: "ingest.primitivesCpuMicros",
      section: "ingest CPU",
      name: "primitives: parse + Basic auth",
      value: floor,
      unit: "µs/request",
    },
    {
      id: "ingest.cpuMicros",
      section: "ingest CPU",
      name: "Bandwidth v1 ingest (auth, hardened parse, normalize, serialize)",
      value: pipeline,
      unit: "µs/request",
      baseline: { name: "primitives", ratio: pipeline / floor },
    },
  ];
}
