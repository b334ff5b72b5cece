import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ssmGetParameter } from "../../../lib/aws/ssmParameter.ts";
import { createSecretReader } from "../../../lib/config/secrets.ts";
import type { HttpResponse } from "../../../lib/http/response.ts";
import { webhookHandler } from "../../../lib/ingest/webhookHandler.ts";
import { bandwidthCredentialsLoader } from "../../../lib/providers/bandwidth/v1/credentials.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { bandwidthV2CredentialsLoader } from "../../../lib/providers/bandwidth/v2/credentials.ts";
import { configuredBandwidthV2Route } from "../../../lib/providers/bandwidth/v2/notificationsRoute.ts";
import { apiGatewayEvent } from "../../../scripts/local/apiGatewayEvent.ts";
import { lambdaContext } from "../../../scripts/local/lambdaContext.ts";
import { bandwidthV2Headers, basicAuthorization } from "../../../scripts/simulate/sign.ts";
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

describe("the Bandwidth v2 challenge on a new instance, when Basic is configured", () => {
  const V2_PATH = "/bandwidth/v2/notifications";
  const v2Body = fixtureFile("bandwidth/v2/orders-complete.json");
  const HMAC_PARAMETER = "/number-events-gateway/prod/bandwidth-v2-hmac-secret";
  const PASSWORD_PARAMETER = "/number-events-gateway/prod/bandwidth-v2-password";

  /** A new instance whose HMAC secret and Basic password live in SSM, as deployed; counts SSM calls. */
  async function newV2Instance(basic: boolean) {
    const ssm = await ssmStandIn({ [HMAC_PARAMETER]: "v2-hmac", [PASSWORD_PARAMETER]: "v2-password" });
    const env = {
      ...ssm.env,
      BANDWIDTH_V2_HMAC_SECRET_PARAMETER: HMAC_PARAMETER,
      ...(basic
        ? { BANDWIDTH_V2_USERNAME: "bw-v2", BANDWIDTH_V2_PASSWORD_PARAMETER: PASSWORD_PARAMETER }
        : {}),
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const handler = webhookHandler(
      configuredBandwidthV2Route(env),
      bandwidthV2CredentialsLoader(env),
    ) as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
    const send = (headers: Record<string, string>, body = v2Body) =>
      handler(
        apiGatewayEvent(
          "POST",
          V2_PATH,
          { "content-type": "application/json", ...headers },
          body,
          "192.0.2.1",
        ),
        lambdaContext("bandwidthV2Notifications", 29),
      );
    return { ssm, send };
  }

  it("answers a request without credentials with the challenge without reading SSM, then checks both", async () => {
    const { ssm, send } = await newV2Instance(true);
    const signed = bandwidthV2Headers(v2Body, Buffer.from("v2-hmac", "utf8"));
    for (let i = 0; i < 3; i++) {
      const response = await send(signed);
      expect(response.statusCode).toBe(401);
      expect(response.headers?.["www-authenticate"]).toMatch(/^Basic realm=/);
    }
    expect(ssm.requests).toEqual([]);
    const answer = await send({ ...signed, authorization: basicAuthorization("bw-v2", "v2-password") });
    expect(answer.statusCode).toBe(200);
    expect(ssm.requests.map((request) => request.name).sort()).toEqual(
      [PASSWORD_PARAMETER, HMAC_PARAMETER].sort(),
    );
    expect(await drain(emulator.client, queueUrl)).toHaveLength(1);
  });

  it("gives no challenge without Basic configured: the HMAC decides", async () => {
    const { send } = await newV2Instance(false);
    // Another event than the test above's: the queue would drop a repeat of its id.
    const received = fixtureFile("bandwidth/v2/orders-received.json");
    const response = await send(bandwidthV2Headers(received, Buffer.from("v2-hmac", "utf8")), received);
    expect(response.statusCode).toBe(200);
    expect(await drain(emulator.client, queueUrl)).toHaveLength(1);
  });
});
