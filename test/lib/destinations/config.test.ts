import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDestinations } from "../../../lib/destinations/config.ts";

describe("loadDestinations", () => {
  it("reads the JSON text of the config", () => {
    const destinations = loadDestinations(
      '{"destinations":[{"name":"audit","type":"file","path":"events.jsonl"},{"name":"crm","type":"http","url":"https://crm.example.com/hooks"}]}',
    );
    expect(destinations.map((d) => [d.config.name, d.config.type])).toEqual([
      ["audit", "file"],
      ["crm", "http"],
    ]);
  });

  it("sends to SQS queues directly unless told not to, and refuses direct for a type that cannot", () => {
    const direct = (entry: object) =>
      loadDestinations(JSON.stringify({ destinations: [{ name: "d", ...entry }] }))[0]?.direct;
    const queueUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/consumer.fifo";
    expect(direct({ type: "sqs", queueUrl })).toBe(true);
    expect(direct({ type: "sqs", queueUrl, direct: false })).toBe(false);
    expect(direct({ type: "http", url: "https://crm.example.com" })).toBe(false);
    expect(() => direct({ type: "http", url: "https://crm.example.com", direct: true })).toThrow(
      "destinations[0].direct is only for sqs destinations",
    );
    expect(() => direct({ type: "sqs", queueUrl, direct: "yes" })).toThrow(
      "destinations[0].direct must be true or false",
    );
  });

  it("reads a YAML file given by path", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dest-")), "destinations.yml");
    writeFileSync(
      path,
      "destinations:\n  - name: crm\n    type: http\n    url: https://crm.example.com/hooks\n    timeoutMs: 2000\n",
    );
    expect(loadDestinations(path)[0]?.config).toMatchObject({ name: "crm", timeoutMs: 2000 });
  });

  it.each([
    [undefined, /DESTINATIONS: is required/],
    ["/no/such/file.json", /no file exists/],
    ['{"destinations":[{"name":"a","type":"ftp"}]}', /destinations\[0\]\.type "ftp" is not one of/],
    [
      '{"destinations":[{"name":"a","type":"http","url":"https://x","tiemout":5}]}',
      /destinations\[0\]: unknown key "tiemout"/,
    ],
    ['{"destinations":[{"name":"a","type":"file"}]}', /destinations\[0\]\.path must be a non-empty string/],
    ['{"destinations":[{"name":"a","type":"http","url":"ftp://x"}]}', /url must be an http\(s\) URL/],
    ['{"destinations":[{"name":"a b","type":"file","path":"x"}]}', /name must match/],
    [
      '{"destinations":[{"name":"a","type":"file","path":"x"},{"name":"a","type":"file","path":"y"}]}',
      /used twice/,
    ],
    ['{"destinations":{}}', /must be a list/],
    ['{"destinations":[],"retries":3}', /unknown key "retries"/],
    ["{not json", /neither valid JSON nor YAML/],
    ['[{"name":"a","type":"file","path":"x"}]', /is a list: wrap it as \{"destinations": \[ … \]\}/],
  ])("rejects %j naming the variable and key", (value, message) => {
    expect(() => loadDestinations(value)).toThrow(message);
  });
});

describe("DESTINATIONS as YAML text", () => {
  it("reads inline YAML, with filter and retry", () => {
    const [destination] = loadDestinations(
      "destinations:\n  - name: crm\n    type: http\n    url: https://crm.example.com\n    filter: { types: ['port_in.*'] }\n    retry: { maxAge: 2h }\n",
    );
    expect(destination?.filter).toEqual({ types: ["port_in.*"] });
    expect(destination?.retry.maxAgeSeconds).toBe(7200);
  });
});
