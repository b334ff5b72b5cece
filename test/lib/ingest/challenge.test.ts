import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { createSecretReader } from "../../../lib/config/secrets.ts";
import type { HttpResponse } from "../../../lib/http/response.ts";
import { webhookHandler } from "../../../lib/ingest/webhookHandler.ts";
import { bandwidthCredentialsLoader } from "../../../lib/providers/bandwidth/v1/credentials.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { lambdaContext } from "../../../scripts/local/lambdaContext.ts";
import { createFifoQueue, drain, type Emulator, startEmulator } from "../../helpers/emulator.ts";
import { fixtureFile } from "../../helpers/fixtureBytes.ts";
import { ssmStandIn } from "../../helpers/ssmStandIn.ts";

const PARAMETER = "/number-events-gateway/prod/bandwidth-password";
const PATH = "/bandwidth/v1/notifications";
const body = fixtureFile("bandwidth/v1/orders-complete.xml");

let emulator: Emulator;
let queueUrl: string;

beforeAll(async () => {
  emulator = await startEmulator();
  queueUrl = await createFifoQueue(emulator.client, "challenge-events");
  emulator.server.createBucket("challenge-archive");
  vi.stubEnv("EVENTS_QUEUE_URL", queueUrl);
  vi.stubEnv("ARCHIVE_BUCKET", "challenge-archive");
  vi.stubEnv("AWS_ENDPOINT_URL_SQS", emulator.server.address);
  vi.stubEnv("AWS_ENDPOINT_URL_S3", emulator.server.address);
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator.stop();
});

/** A new Lambda instance of the Bandwidth v1 route whose password lives in SSM, counting SSM calls. */
async function newInstance() {
  const ssm = await ssmStandIn({ [PARAMETER]: "from-ssm" });
  const read = createSecretReader({
    env: { BANDWIDTH_USERNAME: "bandwidth", BANDWIDTH_PASSWORD_PARAMETER: PARAMETER },
    getParameter: ssmGetParameter(ssm.env),
  });
  const handler = webhookHandler(
    bandwidthV1NotificationsRoute,
    bandwidthCredentialsLoader(read),
  ) as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
  const send = (headers: Record<string, string>) =>
    handler(
      apiGatewayEvent("POST", PATH, { "content-type": "application/xml", ...headers }, body, "192.0.2.1"),
      lambdaContext("bandwidthV1Notifications", 29),
    );
  return { ssm, send };
}

describe("the Bandwidth v1 challenge on a new instance", () => {
  it("answers the credential-less first request with the challenge without reading SSM", async () => {
    const { ssm, send } = await newInstance();
    for (let i = 0; i < 3; i++) {
      const response = await send({});
      expect(response.statusCode).toBe(401);
      expect(response.headers?.["www-authenticate"]).toMatch(/^Basic realm=/);
    }
    expect(ssm.requests).toEqual([]);
  });

  it("reads the password once, for the request that carries credentials, then from the cache", async () => {
    const { ssm, send } = await newInstance();
    const authorization = `Basic ${Buffer.from("bandwidth:from-ssm").toString("base64")}`;
    expect((await send({})).statusCode).toBe(401);
    expect((await send({ authorization })).statusCode).toBe(200);
    expect((await send({ authorization })).statusCode).toBe(200);
    expect(ssm.requests).toEqual([{ name: PARAMETER, decrypt: true }]);
    expect(await drain(emulator.client, queueUrl)).toHaveLength(1);
  });
});
