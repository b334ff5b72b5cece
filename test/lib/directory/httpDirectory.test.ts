import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { httpDirectory } from "../../../lib/directory/httpDirectory.ts";
import { toStoredRecords } from "../../../lib/directory/storedRecords.ts";

let server: Server;
let url: string;
let answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
let seen: { body: string; authorization: string | undefined }[];
let known: Record<string, unknown>[];

beforeAll(async () => {
  known = (await toStoredRecords([
    {
      where: "1",
      row: { telephoneNumber: "2223331000", accountId: "a-1", accountNumber: "777", pin: "1111" },
    },
    { where: "2", row: { telephoneNumber: "4045550100", accountId: "a-9", accountNumber: "1", pin: "2" } },
  ])) as unknown as Record<string, unknown>[];
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ body, authorization: req.headers.authorization });
    answer(req, body, res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lookup`;
});

beforeEach(() => {
  seen = [];
  answer = (_req, _body, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ subscribers: known }));
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise((done) => server.close(done));
});

describe("httpDirectory", () => {
  it("POSTs the numbers with the configured Authorization and reads the records", async () => {
    const entries = await httpDirectory(url, async () => "Bearer s3cret").lookup(
      ["+12223331000"],
      AbortSignal.timeout(2000),
    );
    expect(seen).toEqual([{ body: '{"telephoneNumbers":["+12223331000"]}', authorization: "Bearer s3cret" }]);
    expect(entries.get("+12223331000")).toMatchObject({ accountId: "a-1", active: true });
  });

  it("ignores records for numbers it was not asked about", async () => {
    const entries = await httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(2000));
    expect([...entries.keys()]).toEqual(["+12223331000"]);
  });

  it.each([
    ["an HTTP 500", (res: ServerResponse) => res.writeHead(500).end("down"), "bad-response"],
    [
      "a redirect",
      (res: ServerResponse) => res.writeHead(302, { location: "http://127.0.0.1:1/" }).end(),
      "unreachable",
    ],
    ["invalid JSON", (res: ServerResponse) => res.writeHead(200).end("{"), "bad-response"],
    ["no subscribers list", (res: ServerResponse) => res.writeHead(200).end('{"ok":true}'), "bad-response"],
    [
      "a record without hashes",
      (res: ServerResponse) =>
        res.writeHead(200).end(
          JSON.stringify({
            subscribers: [{ telephoneNumber: "+12223331000", accountId: "a", status: "active", pin: "1111" }],
          }),
        ),
      "invalid-record",
    ],
  ])("treats %s as unavailable", async (_, respond, reason) => {
    answer = (_req, _body, res) => respond(res);
    await expect(
      httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(2000)),
    ).rejects.toMatchObject({
      name: "DirectoryUnavailableError",
      reason,
    });
  });

  it("stops reading an answer at 1 MB instead of reading it whole, and says it is unusable", async () => {
    let sent = 0;
    let closed: Promise<void> = Promise.resolve();
    answer = (_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      closed = new Promise((done) => res.on("close", done));
      // An answer that never ends: a directory must not be able to make the function read without bound.
      const chunk = Buffer.alloc(64 * 1024, " ");
      const pump = () => {
        while (!res.destroyed && sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed && sent < 64 * 1024 * 1024) res.once("drain", pump);
      };
      res.write('{"subscribers":[');
      pump();
    };
    await expect(
      httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(5000)),
    ).rejects.toMatchObject({
      name: "DirectoryUnavailableError",
      reason: "bad-response",
    });
    await closed;
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it("refuses an answer whose declared length is over 1 MB without reading it", async () => {
    answer = (_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) });
      res.write('{"subscribers":[');
    };
    await expect(
      httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(5000)),
    ).rejects.toMatchObject({
      reason: "bad-response",
    });
  });

  it("gives up when the endpoint is slower than the timeout", async () => {
    answer = (_req, _body, res) => {
      setTimeout(() => res.writeHead(200).end('{"subscribers":[]}'), 2000);
    };
    await expect(httpDirectory(url).lookup(["+12223331000"], AbortSignal.timeout(100))).rejects.toMatchObject(
      {
        reason: "timeout",
      },
    );
  });

  it("reports a closed port as unreachable", async () => {
    await expect(
      httpDirectory("http://127.0.0.1:1/lookup").lookup(["+12223331000"], AbortSignal.timeout(2000)),
    ).rejects.toMatchObject({ reason: "unreachable" });
  });
});
