import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqsSendMessage } from "../../../lib/aws/sqs.ts";
import { dynamodbDirectory, putRecords } from "../../../lib/directory/dynamodbDirectory.ts";
import { httpDirectory } from "../../../lib/directory/httpDirectory.ts";
import { readImportFile } from "../../../lib/directory/importFile.ts";
import { hashSecret, verifySecret } from "../../../lib/directory/secretHash.ts";
import { type StoredSubscriberRecord, toStoredRecords } from "../../../lib/directory/storedRecords.ts";
import type { SubscriberDirectory } from "../../../lib/directory/subscriberDirectory.ts";
import { AuthenticationError } from "../../../lib/errors.ts";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import type { WebhookRequest } from "../../../lib/http/request.ts";
import { logger } from "../../../lib/log.ts";
import { dynamodbLockout, unlockNumber } from "../../../lib/portout/lockout.ts";
import { loadPolicy } from "../../../lib/portout/policy.ts";
import { createPortOutValidation } from "../../../lib/portout/validate.ts";
import { createPublisher } from "../../../lib/queue/publisher.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { captureLogs } from "../../helpers/captureLogs.ts";
import { DIRECTORY_TABLE, startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { assertValidEvent } from "../../helpers/schema.ts";

const CREDENTIALS = { username: "bandwidth", password: "test-password-8d1e" };
const AUTH = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString("base64")}`;
/**
 * Values that must never reach a log line or the queue in clear. Short numbers are matched as whole
 * values, since hex event ids may contain the same digits.
 */
const SECRETS = [
  '"1111"',
  ">1111<",
  '"2222"',
  '"777"',
  ">777<",
  "Subscriber Name",
  CREDENTIALS.password,
  AUTH,
];

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let db: Awaited<ReturnType<typeof startDirectoryDb>>;
let client: DynamoDBClient;
let directory: SubscriberDirectory;
let slowEndpoint: Server;
const logs = captureLogs();
const logged = logs.logged;

beforeAll(async () => {
  emulator = await startEmulator();
  db = await startDirectoryDb();
  client = db.client;
  const rows = readImportFile(
    "directory.sample.csv",
    fixture("bandwidth/portout-validation/directory.sample.csv"),
  );
  await putRecords(client, DIRECTORY_TABLE, await toStoredRecords(rows));
  directory = dynamodbDirectory(client, DIRECTORY_TABLE);
  // A directory endpoint that accepts the request and never answers.
  slowEndpoint = createServer(() => {});
  await new Promise<void>((done) => slowEndpoint.listen(0, "127.0.0.1", done));
  // Every log line, at the most verbose level, is kept to check what it says.
  logger.setLogLevel("DEBUG");
  logs.start();
});

afterAll(async () => {
  logs.stop();
  slowEndpoint.closeAllConnections();
  await new Promise((done) => slowEndpoint.close(done));
  await db.stop();
  await emulator.stop();
});

async function setup(
  options: { env?: NodeJS.ProcessEnv; directory?: SubscriberDirectory; queue?: "down" } = {},
) {
  const queueUrl = await createFifoQueue(emulator.client, `portout-${Math.random().toString(36).slice(2)}`);
  const sendMessage =
    options.queue === "down"
      ? sqsSendMessage(localServiceEnvironment("sqs", "http://127.0.0.1:1"))
      : emulator.sendMessage;
  const policy = loadPolicy(options.env ?? {});
  const validate = createPortOutValidation({
    directory: options.directory ?? directory,
    lockout: dynamodbLockout(client, DIRECTORY_TABLE, {
      maxFailures: policy.lockoutMaxFailures,
      windowSeconds: policy.lockoutWindowSeconds,
    }),
    publisher: createPublisher(sendMessage, queueUrl),
    policy,
    loadCredentials: async () => CREDENTIALS,
    maxBodyBytes: 64 * 1024,
  });
  const queued = async () =>
    (await drain(emulator.client, queueUrl)).map((m) => ({
      event: JSON.parse(m.Body ?? "") as CanonicalEvent,
      body: m.Body ?? "",
      attributes: m.Attributes,
      messageAttributes: m.MessageAttributes,
    }));
  return { validate, queued };
}

const webhook = (body: string | Buffer, headers: Record<string, string> = {}): WebhookRequest => ({
  method: "POST",
  path: "/bandwidth/v1/portout-validation",
  headers: { authorization: AUTH, "content-type": "application/xml; charset=utf-8", ...headers },
  rawBody: Buffer.from(body),
  receivedAt: new Date().toISOString(),
});
/** What the XML 1.0 `Char` production leaves out (https://www.w3.org/TR/xml/#charsets). */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** A denial must carry data (portoutWebhook.md: "failure to return any data may be considered … approving"). */
function expectAcceptableValues(xml: string | undefined): void {
  const values = /<AcceptableValues>([\s\S]*)<\/AcceptableValues>/.exec(xml ?? "")?.[1] ?? "";
  expect(values).toMatch(/<(TelephoneNumber|SubscriberName|ZipCode)>[^<]+</);
  expect(values).not.toMatch(/<(Pin|AccountNumber)>/);
}
/** Records whose hashes match nothing: each costs two scrypt checks, and none to store. */
function unmatchableRecords(count: number, prefix: string): StoredSubscriberRecord[] {
  const hash = () =>
    `scrypt$16384$8$1$${randomBytes(16).toString("base64url")}$${randomBytes(32).toString("base64url")}`;
  return Array.from({ length: count }, (_, i) => ({
    telephoneNumber: `+1${prefix}${String(i).padStart(4, "0")}`,
    accountId: `acct-${prefix}-${i}`,
    status: "active" as const,
    accountNumberHash: hash(),
    pinHash: hash(),
    updatedAt: new Date(0).toISOString(),
  }));
}
/**
 * How many accounts' secret checks (two each) keep this machine busy for `ms`: a decision runs as many
 * checks at once as there are cores (lib/portout/boundedChecks.ts), so rounds of that many real checks,
 * timed now, say how long each round takes. The fastest of three: sized on a moment the machine was
 * loaded, the work could fit the window once the load is gone.
 */
async function accountsToCheckFor(ms: number): Promise<number> {
  const cores = availableParallelism();
  const stored = await hashSecret("4321");
  let roundMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await Promise.all(Array.from({ length: cores }, () => verifySecret("1111", stored)));
    roundMs = Math.min(roundMs, performance.now() - started);
  }
  return Math.ceil(((ms / roundMs) * cores) / 2);
}
const requestFor = (numbers: string[], pin = "1111", pon = "pon-many") =>
  `<PortOutValidationRequest><PON>${pon}</PON><Pin>${pin}</Pin><AccountNumber>777</AccountNumber><TelephoneNumbers>${numbers
    .map((n) => `<TelephoneNumber>${n.slice(2)}</TelephoneNumber>`)
    .join("")}</TelephoneNumbers></PortOutValidationRequest>`;
const codesOf = (xml: string | undefined) =>
  [...(xml ?? "").matchAll(/<Code>(\d+)<\/Code>/g)].map((m) => Number(m[1]));

describe("port-out validation pipeline", () => {
  it("challenges a request without credentials (Bandwidth's first probe) and queues nothing", async () => {
    const { validate, queued } = await setup();
    const error = await validate(
      webhook(fixture("bandwidth/portout-validation/valid.xml"), { authorization: "" }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).headers["www-authenticate"]).toMatch(/^Basic realm="/);
    await expect(
      validate(webhook("x", { authorization: `Basic ${Buffer.from("bandwidth:wrong").toString("base64")}` })),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(await queued()).toEqual([]);
  });

  it("approves the documented request and queues a schema-valid, redacted audit event", async () => {
    const { validate, queued } = await setup();
    const response = await validate(webhook(fixture("bandwidth/portout-validation/valid.xml")));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<Portable>true</Portable>");
    const [message, ...others] = await queued();
    expect(others).toEqual([]);
    const event = message?.event as CanonicalEvent;
    assertValidEvent(event);
    expect(event).toMatchObject({
      type: "port_out.validation_decided",
      source: "bandwidth/v1",
      subject: "some_pon",
    });
    expect(event.data).toMatchObject({
      status: "complete",
      providerStatus: "PORTABLE",
      phoneNumbers: ["+12223331000", "+12223331001"],
    });
    expect(event.data.details).toMatchObject({
      portable: true,
      errors: [],
      basis: "directory",
      directory: "dynamodb",
      request: {
        pin: "[REDACTED]",
        accountNumber: "[REDACTED]",
        subscriberName: "[REDACTED]",
        zipCode: "62025",
      },
    });
    expect(event.data.details.latencyMs).toEqual(expect.any(Number));
    expect(message?.attributes?.MessageGroupId).toBe("bandwidth:some_pon");
    // The raw request (with the PIN in clear) never travels with the event to the archive.
    expect(Object.keys(message?.messageAttributes ?? {})).toEqual(["type"]);
    for (const secret of SECRETS) expect(message?.body).not.toContain(secret);
  });

  it("refuses a multi-number request with one unknown number and audits the refusal", async () => {
    const { validate, queued } = await setup();
    const response = await validate(webhook(fixture("bandwidth/portout-validation/one-unknown-number.xml")));
    expect(codesOf(response.body)).toEqual([7516]);
    expect(response.body).toContain("<TelephoneNumber>2223331000</TelephoneNumber>");
    const [message] = await queued();
    assertValidEvent(message?.event as CanonicalEvent);
    expect(message?.event.data).toMatchObject({ status: "cancelled", providerStatus: "NOT_PORTABLE" });
  });

  it.each([
    ["a malformed body", "<PortOutValidationRequest><TelephoneNumbers>", {}],
    ["an empty body", "", {}],
    ["a JSON body", '{"pin":"1111"}', { "content-type": "application/json" }],
    ["a request without numbers", "<PortOutValidationRequest><Pin>1111</Pin></PortOutValidationRequest>", {}],
  ])(
    "answers %s with 200 and 7598, never a 4xx that Bandwidth would read as approval",
    async (_, body, headers) => {
      const { validate, queued } = await setup();
      const response = await validate(webhook(body, headers));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<Portable>false</Portable>");
      expect(codesOf(response.body)).toEqual([7598]);
      expectAcceptableValues(response.body);
      // Audited too, with nothing of the unreadable body but the reason.
      const [message, ...others] = await queued();
      expect(others).toEqual([]);
      assertValidEvent(message?.event as CanonicalEvent);
      expect(message?.event.data).toMatchObject({ status: "action_required", phoneNumbers: [] });
      expect(message?.event.data.details).toMatchObject({ basis: "request", request: { pin: null } });
      for (const secret of SECRETS) expect(message?.body).not.toContain(secret);
    },
  );

  it.each([
    [
      "a control character in the PON",
      "<PON>po\u0001n</PON>",
      "<TelephoneNumber>2223331000</TelephoneNumber>",
    ],
    ["U+FFFE in the PON", "<PON>po\uFFFEn</PON>", "<TelephoneNumber>2223331000</TelephoneNumber>"],
    [
      "a control character in a number",
      "<PON>pon</PON>",
      "<TelephoneNumber>222333\u001B1000</TelephoneNumber>",
    ],
    [
      "a character reference to a control character",
      "<PON>po&#1;n</PON>",
      "<TelephoneNumber>2223331000</TelephoneNumber>",
    ],
  ])("refuses %s with 7598 and answers well-formed XML", async (_, pon, number) => {
    const { validate, queued } = await setup();
    const body = `<PortOutValidationRequest>${pon}<Pin>1111</Pin><AccountNumber>777</AccountNumber><TelephoneNumbers>${number}</TelephoneNumbers></PortOutValidationRequest>`;
    const response = await validate(webhook(body));
    expect(response.statusCode).toBe(200);
    expect(codesOf(response.body)).toEqual([7598]);
    expectAcceptableValues(response.body);
    expect(response.body).not.toMatch(XML_FORBIDDEN);
    const [message] = await queued();
    assertValidEvent(message?.event as CanonicalEvent);
  });

  it("fails closed within the budget when the directory cannot be reached", async () => {
    const down = new DynamoDBClient({
      endpoint: "http://127.0.0.1:1",
      region: "us-east-1",
      credentials: { accessKeyId: "t", secretAccessKey: "t" },
    });
    const { validate, queued } = await setup({ directory: dynamodbDirectory(down, DIRECTORY_TABLE) });
    const response = await validate(webhook(fixture("bandwidth/portout-validation/valid.xml")));
    expect(response.statusCode).toBe(200);
    expect(codesOf(response.body)).toEqual([7598]);
    expect(response.body).toContain("<Portable>false</Portable>");
    expectAcceptableValues(response.body);
    const [message] = await queued();
    expect(message?.event.data.details).toMatchObject({ basis: "policy", policy: "fail-closed" });
    down.destroy();
  });

  it("fails closed within the budget when the directory does not answer", async () => {
    const url = `http://127.0.0.1:${(slowEndpoint.address() as AddressInfo).port}/`;
    const { validate } = await setup({
      directory: httpDirectory(url),
      env: { PORTOUT_BUDGET_MS: "1500", PORTOUT_DIRECTORY_TIMEOUT_MS: "400" },
    });
    // The endpoint never answers: without the budget this request would hang past the test's timeout.
    const response = await validate(webhook(fixture("bandwidth/portout-validation/valid.xml")));
    expect(codesOf(response.body)).toEqual([7598]);
  });

  it("answers 7599 instead when the operator chose fail-open", async () => {
    const url = `http://127.0.0.1:${(slowEndpoint.address() as AddressInfo).port}/`;
    const { validate } = await setup({
      directory: httpDirectory(url),
      env: {
        PORTOUT_ON_DIRECTORY_FAILURE: "fail-open",
        PORTOUT_BUDGET_MS: "1500",
        PORTOUT_DIRECTORY_TIMEOUT_MS: "200",
      },
    });
    expect(
      codesOf((await validate(webhook(fixture("bandwidth/portout-validation/valid.xml")))).body),
    ).toEqual([7599]);
  });

  it("still answers when the audit queue is down", async () => {
    const { validate } = await setup({
      queue: "down",
      // The directory gets the whole decision window (2 s): on a loaded machine a slow lookup must not
      // turn this into the directory policy's answer. The queue's retries run to the budget's end.
      env: { PORTOUT_BUDGET_MS: "3000", PORTOUT_DIRECTORY_TIMEOUT_MS: "2000" },
    });
    const response = await validate(webhook(fixture("bandwidth/portout-validation/valid.xml")));
    expect(response.body).toContain("<Portable>true</Portable>");
    // The redacted event is kept in the log instead.
    const line = logged.find((l) => l.includes("port-out audit event not queued"));
    expect(line).toContain('"type":"port_out.validation_decided"');
    expect(line).toContain('"pin":"[REDACTED]"');
  });

  it("gives a retried request the same answer and the same audit event id, queued once", async () => {
    const { validate, queued } = await setup();
    const body = fixture("bandwidth/portout-validation/wrong-pin.xml");
    const first = await validate(webhook(body));
    const retry = await validate({
      ...webhook(body),
      receivedAt: new Date(Date.now() + 300_000).toISOString(),
    });
    expect(retry.body).toBe(first.body);
    expect(codesOf(first.body)).toEqual([7513]);
    expect(await queued()).toHaveLength(1);
  });

  it("lists the numbers of the named account when the PIN is wrong, never a PIN or account number", async () => {
    const { validate } = await setup();
    const response = await validate(webhook(fixture("bandwidth/portout-validation/wrong-pin.xml")));
    expect(codesOf(response.body)).toEqual([7513]);
    expect(response.body).toContain("<TelephoneNumber>2223331000</TelephoneNumber>");
    expectAcceptableValues(response.body);
  });

  it("refuses a request naming more accounts than the work cap with 7598, checking none, even under fail-open", async () => {
    const records = unmatchableRecords(20, "505551");
    await putRecords(client, DIRECTORY_TABLE, records);
    const { validate, queued } = await setup({ env: { PORTOUT_ON_DIRECTORY_FAILURE: "fail-open" } });
    const response = await validate(webhook(requestFor(records.map((r) => r.telephoneNumber))));
    expect(codesOf(response.body)).toEqual([7598]);
    expect(response.body).toContain("numbers of more accounts than one request may name");
    expectAcceptableValues(response.body);
    const [message] = await queued();
    expect(message?.event.data.details).toMatchObject({ basis: "request", checks: [{ check: "workCap" }] });
  });

  it("answers our own overrun of the budget with 7598 at WARN, never with the fail-open policy", async () => {
    // A 3 s budget, of which 1 s is kept for the audit: a 2 s decision window, all of it the directory's,
    // so a loaded machine's slow lookup is not mistaken for the directory's failure (fail-open would then
    // answer 7599). The accounts' scrypt checks (two each) are sized on this machine at its fastest to
    // take six times the window with the cap lifted: the decision cannot be ready in time, however the
    // load changes. No check starts after the deadline, so the margin costs no CPU, only records.
    const records = unmatchableRecords(await accountsToCheckFor(6 * 2000), "505552");
    await putRecords(client, DIRECTORY_TABLE, records);
    const { validate, queued } = await setup({
      env: {
        PORTOUT_ON_DIRECTORY_FAILURE: "fail-open",
        PORTOUT_MAX_SECRET_CHECKS: "100000",
        PORTOUT_MAX_NUMBERS: "100000",
        PORTOUT_BUDGET_MS: "3000",
        PORTOUT_DIRECTORY_TIMEOUT_MS: "2000",
      },
    });
    const response = await validate(
      webhook(
        requestFor(
          records.map((r) => r.telephoneNumber),
          "1111",
          "pon-overrun",
        ),
      ),
    );
    expect(codesOf(response.body)).toEqual([7598]);
    expect(response.body).toContain("validation could not be completed; held for manual review");
    expectAcceptableValues(response.body);
    const line = logged.find((l) => l.includes("port-out validation overran its budget"));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: "WARN", pon: "pon-overrun" });
    const [message] = await queued();
    expect(message?.event.data.details).toMatchObject({ checks: [{ check: "deadline", code: 7598 }] });
  });

  it("locks a number after PORTOUT_LOCKOUT_MAX_FAILURES wrong PINs: 7513 even for the right PIN, one audit event, until unlocked", async () => {
    const stored = await toStoredRecords([
      {
        where: "lock",
        row: { telephoneNumber: "5055530100", accountId: "acct-lock", accountNumber: "777", pin: "4321" },
      },
    ]);
    await putRecords(client, DIRECTORY_TABLE, stored);
    const { validate, queued } = await setup({ env: { PORTOUT_LOCKOUT_MAX_FAILURES: "3" } });
    const attempt = async (pin: string, pon: string) =>
      codesOf((await validate(webhook(requestFor(["+15055530100"], pin, pon)))).body);
    expect(await attempt("4321", "pon-lock-0")).toEqual([]);
    for (const [i, pin] of ["1111", "2222", "3333"].entries())
      expect(await attempt(pin, `pon-lock-${i + 1}`)).toEqual([7513]);
    const locked = await validate(webhook(requestFor(["+15055530100"], "4321", "pon-lock-4")));
    expect(codesOf(locked.body)).toEqual([7513]);
    expect(locked.body).toContain("<Description>PIN Invalid</Description>");
    expect(locked.body).toContain("<TelephoneNumber>5055530100</TelephoneNumber>");

    const events = (await queued()).map((m) => m.event);
    const locks = events.filter((e) => e.type === "port_out.pin_locked");
    expect(locks).toHaveLength(1);
    assertValidEvent(locks[0] as CanonicalEvent);
    expect(locks[0]).toMatchObject({
      subject: "pon-lock-3",
      data: {
        status: "action_required",
        phoneNumbers: ["+15055530100"],
        details: { failures: 3, maxFailures: 3 },
      },
    });
    const decided = events.find((e) => e.subject === "pon-lock-4");
    expect(decided?.data.details.checks).toContainEqual({
      check: "pinLockout",
      subject: "5055530100",
      outcome: "fail",
      code: 7513,
    });
    expect(JSON.parse(logged.find((l) => l.includes("port-out PIN lockout")) ?? "{}")).toMatchObject({
      level: "INFO",
      telephoneNumber: "+15055530100",
      failures: 3,
    });
    for (const event of events) expect(JSON.stringify(event)).not.toMatch(/4321|1111|2222|3333/);

    expect(await unlockNumber(client, DIRECTORY_TABLE, "+15055530100")).toBe(3);
    expect(await attempt("4321", "pon-lock-5")).toEqual([]);
  });

  it("never logs a PIN, account number, subscriber name or credential", () => {
    expect(logged.join("")).toContain("port-out validation decided");
    expect(logged.join("")).toContain("subscriber directory unavailable");
    for (const line of logged) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});
