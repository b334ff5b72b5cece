import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toStoredRecords } from "../../../lib/directory/storedRecords.ts";
import { portOutValidationFromEnv } from "../../../lib/portout/fromEnv.ts";
import { DIRECTORY_TABLE, startDirectoryDb } from "../../helpers/directory.ts";

const request = (authorization?: string, body = "<PortOutValidationRequest/>") => ({
  method: "POST",
  path: "/bandwidth/v1/portout-validation",
  headers: { "content-type": "application/xml", ...(authorization ? { authorization } : {}) },
  rawBody: Buffer.from(body),
  receivedAt: new Date().toISOString(),
});

afterEach(() => {
  vi.unstubAllEnvs();
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

  it("wires the HTTP directory with its Authorization secret and decides on its records", async () => {
    const [record] = await toStoredRecords([
      {
        where: "1",
        row: { telephoneNumber: "2223331000", accountId: "a-1", accountNumber: "777", pin: "1111" },
      },
    ]);
    const seen: (string | undefined)[] = [];
    const directory = createServer((req, res) => {
      seen.push(req.headers.authorization);
      req.resume();
      req.on("end", () => res.writeHead(200).end(JSON.stringify({ subscribers: [record] })));
    });
    await new Promise<void>((done) => directory.listen(0, "127.0.0.1", done));
    // The wrong-PIN counts live in the DynamoDB table whichever directory answers.
    const db = await startDirectoryDb();
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", db.url);
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("BANDWIDTH_USERNAME", "bandwidth");
    vi.stubEnv("BANDWIDTH_PASSWORD", "wiring-test-password");
    const validate = portOutValidationFromEnv({
      PORTOUT_DIRECTORY: "http",
      PORTOUT_DIRECTORY_URL: `http://127.0.0.1:${(directory.address() as AddressInfo).port}/`,
      PORTOUT_DIRECTORY_AUTHORIZATION: "Bearer directory-token",
      PORTOUT_DIRECTORY_TABLE: DIRECTORY_TABLE,
      // No queue here: the audit event is logged instead, and the answer is unaffected.
      EVENTS_QUEUE_URL: "http://127.0.0.1:1/000000000000/events.fifo",
      // Room for the first DynamoDB call (the lock read) on a loaded machine.
      PORTOUT_BUDGET_MS: "4000",
      PORTOUT_DIRECTORY_TIMEOUT_MS: "2500",
    });
    const body =
      "<PortOutValidationRequest><PON>p</PON><Pin>1111</Pin><AccountNumber>777</AccountNumber>" +
      "<TelephoneNumbers><TelephoneNumber>2223331000</TelephoneNumber></TelephoneNumbers></PortOutValidationRequest>";
    const auth = `Basic ${Buffer.from("bandwidth:wiring-test-password").toString("base64")}`;
    const response = await validate(request(auth, body));
    directory.close();
    await db.stop();
    expect(seen).toEqual(["Bearer directory-token"]);
    expect(response.body).toContain("<Portable>true</Portable>");
  });
});
