import { createHash, createHmac, createSecretKey, type Hash, type Hmac, type KeyObject } from "node:crypto";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SourceData } from "@smithy/types";
import { AwsRequestError } from "../errors.ts";
import { isRetryableAwsError } from "./isRetryableAwsError.ts";
import { retry } from "./retry.ts";

/** One operation of an AWS service that speaks the AWS JSON protocol. */
export interface AwsJsonOperation {
  /**
   * The service's signing name, which is also its endpoint prefix (`<service>.<region>.amazonaws.com`) and
   * the suffix of its endpoint variable (`AWS_ENDPOINT_URL_<SERVICE>`): `ssm`, `firehose`, `dynamodb`.
   */
  service: string;
  /** `X-Amz-Target`, e.g. `AmazonSSM.GetParameter`, `Firehose_20150804.PutRecordBatch`, `DynamoDB_20120810.GetItem`. */
  target: string;
  /** The protocol version: 1.1 for SSM and Firehose, 1.0 for DynamoDB. */
  jsonVersion: "1.0" | "1.1";
}

/** How long a request waits, after which it fails (AwsRequestError without a type); the caller decides whether to try again. */
export interface RequestTimeouts {
  /** For the TCP (and TLS) connection, when the request needs a new one. */
  connectMs: number;
  /** Without any activity on the connection: no answer, or an answer that stalls. */
  idleMs: number;
}

/**
 * Where a request goes, and the region it is signed for, when that is not the service's endpoint in the
 * configured region: an SQS queue in another region is reached at its queue URL's host (lib/aws/sqsEndpoint.ts).
 */
export interface AwsEndpoint {
  url: string;
  region: string;
}

/** The timeouts of a request that is not given its own: five seconds for each. */
const TIMEOUTS: RequestTimeouts = { connectMs: 5_000, idleMs: 5_000 };

/**
 * One keep-alive agent per protocol for the whole process (a Lambda execution environment), so that
 * consecutive requests to a service reuse their connection instead of opening one (and a TLS session)
 * each, as the SDK's HTTP handler does. Idle connections do not keep the process alive.
 */
const AGENTS = { "http:": new HttpAgent({ keepAlive: true }), "https:": new HttpsAgent({ keepAlive: true }) };

/**
 * The signers made so far, by service, region and credentials: one per cold start in practice, so a
 * request does not build its signer again (@smithy/signature-v4 keeps the derived signing key itself,
 * per day, region and service). Held in memory only; never logged.
 */
const SIGNERS = new Map<string, SignatureV4>();

/**
 * One signed AWS JSON 1.0/1.1 request (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html):
 * POST `/` with the operation in `X-Amz-Target`, signed with Signature Version 4 by @smithy/signature-v4
 * (the signer the AWS SDK uses). For a function that makes one or two kinds of call, this replaces a whole
 * SDK client in its bundle (`npm run bench`, cold start). Credentials and region come from the variables
 * Lambda sets (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime);
 * the endpoint from `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` when set, as in the SDKs
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html), unless the caller names
 * one (`at`). Throws AwsRequestError with the service's error type (`__type`) on an error answer, a
 * timeout or a network failure.
 */
export async function signedJsonRequest<T>(
  operation: AwsJsonOperation,
  input: object,
  env: NodeJS.ProcessEnv = process.env,
  timeouts: RequestTimeouts = TIMEOUTS,
  at?: AwsEndpoint,
): Promise<T> {
  const region = at?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!region || !accessKeyId || !secretAccessKey)
    throw new AwsRequestError(
      operation.target,
      "AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not set",
      {
        type: "MissingCredentials",
      },
    );
  const endpoint = new URL(
    at?.url ??
      env[`AWS_ENDPOINT_URL_${operation.service.toUpperCase()}`] ??
      env.AWS_ENDPOINT_URL ??
      `https://${operation.service}.${region}.amazonaws.com`,
  );
  const body = JSON.stringify(input);
  const credentials = { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
  const signed = await signerFor(operation.service, region, credentials).sign({
    method: "POST",
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: endpoint.pathname,
    query: {},
    headers: {
      host: endpoint.host,
      "content-type": `application/x-amz-json-${operation.jsonVersion}`,
      "x-amz-target": operation.target,
    },
    body,
  });
  const { status, text } = await post(endpoint, signed.headers, body, operation.target, timeouts);
  const answer = parseAnswer(text);
  if (status >= 200 && status < 300) return answer as T;
  // The error type is `__type`, possibly prefixed with a namespace (`com.amazonaws.ssm#ParameterNotFound`).
  const type = String(answer.__type ?? "").replace(/^.*#/, "") || `HTTP ${status}`;
  const message = String(answer.message ?? answer.Message ?? "");
  throw new AwsRequestError(operation.target, message ? `${type}: ${message}` : type, {
    type,
    status,
    answer,
  });
}

/**
 * {@link signedJsonRequest} with the retries of the SDKs' standard mode
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html): three attempts at
 * most, a throttled, 5xx or unanswered one tried again after a jittered wait that doubles from 100 ms;
 * what is transient is {@link isRetryableAwsError}'s call.
 */
export function retriedJsonRequest<T>(
  operation: AwsJsonOperation,
  input: object,
  env: NodeJS.ProcessEnv = process.env,
  at?: AwsEndpoint,
): Promise<T> {
  return retry(() => signedJsonRequest<T>(operation, input, env, TIMEOUTS, at), {
    firstMs: 100,
    jitter: true,
    retryIf: (error, attempt) => attempt < 3 && isRetryableAwsError(error),
  });
}

function signerFor(
  service: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined },
): SignatureV4 {
  const key = [
    service,
    region,
    credentials.accessKeyId,
    credentials.secretAccessKey,
    credentials.sessionToken,
  ].join("\n");
  let signer = SIGNERS.get(key);
  if (!signer) {
    signer = new SignatureV4({ service, region, credentials, sha256: NodeSha256 });
    SIGNERS.set(key, signer);
  }
  return signer;
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  operation: string,
  timeouts: RequestTimeouts,
): Promise<{ status: number; text: string }> {
  const http = url.protocol === "http:";
  const send = http ? httpRequest : httpsRequest;
  const agent = http ? AGENTS["http:"] : AGENTS["https:"];
  return new Promise((resolve, reject) => {
    const request = send(url, { method: "POST", headers, agent, timeout: timeouts.idleMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no activity within ${timeouts.idleMs} ms`)));
    // A new connection must be made within connectMs; a kept-alive one is already connected.
    request.on("socket", (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => request.destroy(new Error(`no connection within ${timeouts.connectMs} ms`)),
        timeouts.connectMs,
      );
      socket.once(http ? "connect" : "secureConnect", () => clearTimeout(timer));
      socket.once("close", () => clearTimeout(timer));
    });
    request.on("error", reject);
    request.end(body);
  }).catch((error: unknown) => {
    throw new AwsRequestError(operation, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }) as Promise<{ status: number; text: string }>;
}

function parseAnswer(text: string): Record<string, unknown> {
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The HMAC keys the signer has used, as node:crypto KeyObjects: an HMAC keyed by a KeyObject took
 * 4 µs against 16 µs keyed by the same bytes (Node 24, a shared 2-core machine), most of it spent deciding
 * what kind of key it was given, and the signer keys two HMACs per request with the same two keys each
 * time: the secret access key (a string: with the variables' credentials, one or two per process) and
 * the day's signing key, an array @smithy/signature-v4 keeps in its cache (held weakly here).
 */
const STRING_KEYS = new Map<string, KeyObject>();
const BINARY_KEYS = new WeakMap<object, KeyObject>();

function hmacKey(secret: SourceData): KeyObject {
  const known = typeof secret === "string" ? STRING_KEYS.get(secret) : BINARY_KEYS.get(secret);
  if (known) return known;
  const key = createSecretKey(bytes(secret));
  if (typeof secret === "string") STRING_KEYS.set(secret, key);
  else BINARY_KEYS.set(secret, key);
  return key;
}

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the signer takes. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: SourceData | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.fresh();
  }
  update(data: SourceData): void {
    if (typeof data === "string") this.hash.update(data, "utf8");
    else this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", hmacKey(this.secret));
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
