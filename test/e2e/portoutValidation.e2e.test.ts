import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryCli, importSampleDirectory } from "../helpers/directory.ts";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";
import { assertValidEvent } from "../helpers/schema.ts";

const PATH = "/bandwidth/v1/portout-validation";
const AUTH = `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`;
const xml = { "content-type": "application/xml; charset=utf-8" };
/** The sample directory's clear secrets and names: none may reach the logs or the delivered events. */
const SECRETS = [
  "<Pin>",
  "1111",
  ">777<",
  '"777"',
  "Subscriber Name",
  "AC-555-01",
  ">0042<",
  '"0042"',
  "local-dev-password",
  AUTH,
];

function post(runtime: RunningRuntime, body: string, headers: Record<string, string>) {
  return fetch(`${runtime.url}${PATH}`, { method: "POST", headers, body });
}
const codesOf = (text: string) => [...text.matchAll(/<Code>(\d+)<\/Code>/g)].map((m) => Number(m[1]));

describe("port-out validation through the local runtime and the embedded directory", () => {
  let runtime: RunningRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ LOG_LEVEL: "DEBUG" });
    expect(await importSampleDirectory(runtime)).toContain(
      `imported 4 numbers of 2 accounts into ${runtime.name("PortoutDirectoryTable", "table")} (local)`,
    );
  });
  afterAll(() => runtime.stop());

  it("challenges the credential-less probe, then approves the documented request", async () => {
    const body = fixture("bandwidth/portout-validation/valid.xml");
    const probe = await post(runtime, body, xml);
    expect(probe.status).toBe(401);
    expect(probe.headers.get("www-authenticate")).toMatch(/^Basic realm="[^"]*"/);

    const answer = await post(runtime, body, { ...xml, authorization: AUTH });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await answer.text()).toBe(
      "<PortOutValidationResponse>\n  <Portable>true</Portable>\n  <PON>some_pon</PON>\n</PortOutValidationResponse>\n",
    );
  });

  it("refuses with the codes of every failed check and lists the numbers that are valid", async () => {
    const cases: [string, number[]][] = [
      ["one-unknown-number.xml", [7516]],
      ["wrong-pin.xml", [7513]],
      ["minimal.xml", [7510, 7512]],
    ];
    for (const [name, codes] of cases) {
      const answer = await post(runtime, fixture(`bandwidth/portout-validation/${name}`), {
        ...xml,
        authorization: AUTH,
      });
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text).toContain("<Portable>false</Portable>");
      expect(codesOf(text)).toEqual(codes);
    }
  });

  it("answers a malformed request with 200 and 7598, never a 4xx", async () => {
    const answer = await post(runtime, "<PortOutValidationRequest><Pin>", { ...xml, authorization: AUTH });
    expect(answer.status).toBe(200);
    expect(codesOf(await answer.text())).toEqual([7598]);
  });

  it("locks a number after five wrong PINs, even against the right PIN, until `npm run directory -- unlock`", async () => {
    const request = (pin: string, pon: string) =>
      post(
        runtime,
        `<PortOutValidationRequest><PON>${pon}</PON><Pin>${pin}</Pin><AccountNumber>AC-555-01</AccountNumber>` +
          "<TelephoneNumbers><TelephoneNumber>9195551234</TelephoneNumber></TelephoneNumbers></PortOutValidationRequest>",
        { ...xml, authorization: AUTH },
      ).then((answer) => answer.text());
    for (let i = 0; i < 5; i++) expect(codesOf(await request(`900${i}`, `pon-guess-${i}`))).toEqual([7513]);
    const locked = await request("0042", "pon-owner");
    expect(codesOf(locked)).toEqual([7513]);
    expect(locked).toContain("<TelephoneNumber>9195551234</TelephoneNumber>");

    const lockEvent = await eventually(() =>
      runtime.delivered().find((e) => e.type === "port_out.pin_locked" && e.subject === "pon-guess-4"),
    );
    assertValidEvent(lockEvent as never);
    expect(lockEvent).toMatchObject({ data: { phoneNumbers: ["+19195551234"], details: { failures: 5 } } });

    expect(await directoryCli(runtime, ["unlock", "9195551234"])).toContain(
      `unlocked +19195551234 in ${runtime.name("PortoutDirectoryTable", "table")} (local) (5 wrong PINs counted)`,
    );
    // The unlock is recorded beside the lock, through the same pipeline to the destinations.
    const unlockEvent = await eventually(() =>
      runtime
        .delivered()
        .find((e) => e.type === "port_out.pin_unlocked" && JSON.stringify(e.data).includes("+19195551234")),
    );
    assertValidEvent(unlockEvent as never);
    expect(unlockEvent).toMatchObject({ data: { providerStatus: "PIN_UNLOCKED", details: { failures: 5 } } });
    expect(await request("0042", "pon-owner-again")).toContain("<Portable>true</Portable>");
  });

  it("gives Bandwidth's retry the same answer and delivers the decision once", async () => {
    const body = fixture("bandwidth/portout-validation/one-unknown-number.xml");
    const answers = await Promise.all([1, 2].map(() => post(runtime, body, { ...xml, authorization: AUTH })));
    const [first, retry] = await Promise.all(answers.map((a) => a.text()));
    expect(retry).toBe(first);
    const delivered = await eventually(() => {
      const found = runtime.delivered().filter((e) => e.subject === "pon-unknown-tn");
      return found.length > 0 ? found : undefined;
    });
    await new Promise((done) => setTimeout(done, 1500));
    expect(runtime.delivered().filter((e) => e.subject === "pon-unknown-tn")).toHaveLength(delivered.length);
    expect(
      new Set(
        runtime
          .delivered()
          .filter((e) => e.subject === "pon-unknown-tn")
          .map((e) => e.id),
      ).size,
    ).toBe(1);
  });

  it("delivers every decision as a redacted port_out.validation_decided event, and logs no secret", async () => {
    const decisions = await eventually(() => {
      const found = runtime.delivered().filter((e) => e.type === "port_out.validation_decided");
      return found.length >= 4 ? found : undefined;
    });
    for (const event of decisions) assertValidEvent(event as never);
    expect(decisions.find((e) => e.subject === "some_pon")).toMatchObject({
      data: { status: "complete", details: { portable: true, request: { pin: "[REDACTED]" } } },
    });
    const delivered = JSON.stringify(runtime.delivered());
    // The banner prints the dev credentials on purpose; everything after it is log output.
    const logs = runtime.output().slice(runtime.output().indexOf("\nready "));
    for (const secret of SECRETS) {
      expect(delivered).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain("port-out validation decided");
  });
});
