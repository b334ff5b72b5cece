import { describe, expect, it } from "vitest";
import { portOutValidationFromEnv } from "../../../lib/portout/fromEnv.ts";

const request = (authorization?: string) => ({
  method: "POST",
  path: "/bandwidth/v1/portout-validation",
  headers: { "content-type": "application/xml", ...(authorization ? { authorization } : {}) },
  rawBody: Buffer.from("<PortOutValidationRequest/>"),
  receivedAt: new Date().toISOString(),
});

describe("portOutValidationFromEnv", () => {
  it.each([
    [{ PORTOUT_ON_DIRECTORY_FAILURE: "approve", EVENTS_QUEUE_URL: "http://q", PORTOUT_DIRECTORY_TABLE: "t" }],
    [{ PORTOUT_DIRECTORY: "ldap", EVENTS_QUEUE_URL: "http://q" }],
    [{ PORTOUT_DIRECTORY: "http", EVENTS_QUEUE_URL: "http://q" }],
    [{ PORTOUT_DIRECTORY_TABLE: "t" }],
  ])(
    "answers every request 200 + 7598 when misconfigured (%o), never a 5xx that would approve",
    async (env) => {
      const validate = portOutValidationFromEnv(env);
      for (const authorization of [undefined, "Basic eDp5"]) {
        const response = await validate(request(authorization));
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain("<Portable>false</Portable>");
        expect(response.body).toContain("<Code>7598</Code>");
      }
    },
  );
});
