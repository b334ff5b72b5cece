import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { sqsSendMessage } from "../aws/sqs.ts";
import { intEnv, requireEnv } from "../config/env.ts";
import { createSecretReader } from "../config/secrets.ts";
import { dynamodbDirectory } from "../directory/dynamodbDirectory.ts";
import { httpDirectory } from "../directory/httpDirectory.ts";
import type { SubscriberDirectory } from "../directory/subscriberDirectory.ts";
import type { WebhookRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response.ts";
import { logger } from "../log.ts";
import { loadBandwidthCredentials } from "../providers/bandwidth/v1/credentials.ts";
import { createPublisher } from "../queue/publisher.ts";
import { fallbackDecision } from "./decide.ts";
import { dynamodbLockout } from "./lockout.ts";
import { loadPolicy } from "./policy.ts";
import { portOutResponse } from "./response.ts";
import { createPortOutValidation } from "./validate.ts";

export type PortOutValidation = (request: WebhookRequest) => Promise<HttpResponse>;

/**
 * Builds the port-out validation from the environment, once, at cold start: the policy
 * (`policy.ts`), `EVENTS_QUEUE_URL`, `MAX_BODY_BYTES`, and the directory: `PORTOUT_DIRECTORY=dynamodb`
 * (default; table `PORTOUT_DIRECTORY_TABLE`) or `http` (`PORTOUT_DIRECTORY_URL`, optional
 * `PORTOUT_DIRECTORY_AUTHORIZATION` header value, or its SSM parameter `…_PARAMETER`). The wrong-PIN
 * counts live in `PORTOUT_DIRECTORY_TABLE` whichever directory answers.
 * A configuration error must not turn into approvals (a crashing function is a 5xx, which Bandwidth
 * reads as approval), so it is logged and every request is answered fail-closed (7598) until fixed.
 */
export function portOutValidationFromEnv(env: NodeJS.ProcessEnv = process.env): PortOutValidation {
  try {
    const policy = loadPolicy(env);
    const table = requireEnv("PORTOUT_DIRECTORY_TABLE", env);
    // One attempt per call and short socket timeouts: the lookup's own deadline is the real bound.
    const client = new DynamoDBClient({
      maxAttempts: 2,
      requestHandler: {
        connectionTimeout: Math.min(1000, policy.directoryTimeoutMs),
        requestTimeout: policy.directoryTimeoutMs,
      },
    });
    return createPortOutValidation({
      policy,
      directory: directoryFromEnv(env, client, table),
      lockout: dynamodbLockout(client, table, {
        maxFailures: policy.lockoutMaxFailures,
        windowSeconds: policy.lockoutWindowSeconds,
      }),
      publisher: createPublisher(sqsSendMessage(env), requireEnv("EVENTS_QUEUE_URL", env)),
      loadCredentials: loadBandwidthCredentials,
      maxBodyBytes: intEnv("MAX_BODY_BYTES", 128 * 1024, env),
    });
  } catch (error) {
    logger.error("port-out validation is misconfigured; every request is answered fail-closed", { error });
    const answer = portOutResponse(fallbackDecision(null, "internal", "fail-closed"));
    return async () => answer;
  }
}

function directoryFromEnv(
  env: NodeJS.ProcessEnv,
  client: DynamoDBClient,
  table: string,
): SubscriberDirectory {
  const readSecret = createSecretReader({ env });
  const kind = env.PORTOUT_DIRECTORY?.trim() || "dynamodb";
  if (kind === "http") {
    // A secret: the value itself locally, an SSM parameter name (`…_PARAMETER`) in AWS.
    const authorization =
      env.PORTOUT_DIRECTORY_AUTHORIZATION || env.PORTOUT_DIRECTORY_AUTHORIZATION_PARAMETER
        ? () => readSecret("PORTOUT_DIRECTORY_AUTHORIZATION")
        : undefined;
    return httpDirectory(requireEnv("PORTOUT_DIRECTORY_URL", env), authorization);
  }
  if (kind !== "dynamodb") throw new Error(`PORTOUT_DIRECTORY must be dynamodb or http, got "${kind}"`);
  return dynamodbDirectory(client, table);
}
