import { createPrivateKey } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArchive } from "../../lib/archive/archiveReader.ts";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { reingest } from "../../lib/ingest/reingest.ts";
import { BANDWIDTH_CREDENTIAL_FIELDS } from "../../lib/providers/bandwidth/credentialFields.ts";
import { ROUTES } from "../../lib/providers/routes.ts";
import { TELNYX_CREDENTIAL_FIELDS } from "../../lib/providers/telnyx/credentialFields.ts";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PRIVATE_KEY_PEM } from "../../scripts/local/devKeys.ts";
import { bandwidthV2Headers, basicAuthorization, telnyxHeaders } from "../../scripts/simulate/sign.ts";
import { emulatorUrlOf } from "../helpers/cli.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

/**
 * Every credential field of each provider's list, with a value found nowhere else, sent through the
 * real local pipeline: none of the values may reach the destination, the logs, or an event rebuilt
 * from the archive (what `npm run replay -- --from-archive` delivers).
 */
const secretFor = (provider: string, field: string) => `S3CR3T-${provider}-${field}`.replace(/_/g, "-");
const bandwidthSecrets = BANDWIDTH_CREDENTIAL_FIELDS.names.map(
  (field) => [field, secretFor("bw", field)] as const,
);
const telnyxSecrets = TELNYX_CREDENTIAL_FIELDS.names.map((field) => [field, secretFor("tx", field)] as const);
const allSecrets = [...bandwidthSecrets, ...telnyxSecrets].map(([, value]) => value);

const v1Body = () =>
  fixture("bandwidth/v1/portins-foc.xml").replace(
    "</Notification>",
    `<WirelessInfo>${bandwidthSecrets.map(([f, v]) => `<${f}>${v}</${f}>`).join("")}</WirelessInfo></Notification>`,
  );
const v2Body = () => {
  const body = JSON.parse(fixture("bandwidth/v2/portins-foc.json"));
  for (const [field, value] of bandwidthSecrets) body[field.charAt(0).toLowerCase() + field.slice(1)] = value;
  return Buffer.from(JSON.stringify(body));
};
const telnyxBody = () => {
  const body = JSON.parse(fixture("telnyx/portout-status-changed-pending-attempted-pin.json"));
  const values = Object.fromEntries(telnyxSecrets);
  body.data.payload.attempted_pin = values.attempted_pin;
  body.data.payload.end_user = { admin: values };
  return Buffer.from(JSON.stringify(body));
};

describe("credentials never reach a destination", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ LOG_LEVEL: "DEBUG" });
  });
  afterAll(() => runtime.stop());

  it("lists what the carriers' public types mark as PINs, passcodes and account numbers", () => {
    expect(TELNYX_CREDENTIAL_FIELDS.names).toEqual(
      expect.arrayContaining(["attempted_pin", "pin_passcode", "account_number"]),
    );
    expect(BANDWIDTH_CREDENTIAL_FIELDS.names).toEqual(
      expect.arrayContaining(["Pin", "PinNumber", "AccountNumber"]),
    );
  });

  it("keeps every listed field's value out of delivered events, log lines and archived events", async () => {
    const telnyx = telnyxBody();
    const v2 = v2Body();
    const answers = await Promise.all([
      fetch(`${runtime.url}/bandwidth/v1/notifications`, {
        method: "POST",
        headers: {
          "content-type": "application/xml",
          authorization: basicAuthorization("bandwidth", "local-dev-password"),
        },
        body: v1Body(),
      }),
      fetch(`${runtime.url}/bandwidth/v2/notifications`, {
        method: "POST",
        headers: bandwidthV2Headers(v2, Buffer.from(DEV_BANDWIDTH_V2_HMAC_SECRET, "utf8")),
        body: v2,
      }),
      fetch(`${runtime.url}/telnyx/notifications`, {
        method: "POST",
        headers: telnyxHeaders(telnyx, createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM), new Date()),
        body: telnyx,
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const ids = await Promise.all(
      answers.map(async (answer) => ((await answer.json()) as { id: string }).id),
    );

    const delivered = await eventually(() => {
      const events = runtime.delivered().filter((event) => ids.includes(event.id));
      return events.length === ids.length ? events : undefined;
    });
    const archived = await archivedEvents(runtime, ids);
    expect(archived.map((event) => event.id).sort()).toEqual([...ids].sort());
    const everything = [JSON.stringify(delivered), runtime.output(), JSON.stringify(archived)].join("\n");
    for (const value of allSecrets) expect(everything).not.toContain(value);
    // What was redacted is still visibly there, so a consumer knows the provider sent it.
    expect(JSON.stringify(delivered)).toContain("[REDACTED]");
  });
});

/** The events `npm run replay -- --from-archive` would deliver for these ids. */
async function archivedEvents(runtime: RunningRuntime, ids: readonly string[]): Promise<CanonicalEvent[]> {
  const client = new S3Client({
    endpoint: emulatorUrlOf(runtime.output()),
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  try {
    const until = Date.now() + 20_000;
    for (;;) {
      const events: CanonicalEvent[] = [];
      for await (const raw of readArchive(client, runtime.name("ArchiveBucket", "bucket"), {
        since: new Date(Date.now() - 3_600_000),
      })) {
        if (ids.includes(raw.eventId)) events.push(reingest(raw, ROUTES));
      }
      if (events.length >= ids.length || Date.now() > until) return events;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    client.destroy();
  }
}
