import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliStatus } from "../../helpers/cli.ts";
import { startRuntime } from "../../helpers/localRuntime.ts";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return String(port);
}

/** Asserts the command failed with `code` and said so in exactly one line, without a stack. */
function expectOneLine(result: { code: number; stderr: string }, code: number, text: string | RegExp) {
  expect(result.code).toBe(code);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(text);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

const LIST = '[{"name":"audit","type":"file","path":"audit.jsonl"}]';

describe("every command fails in one line, with exit code 1 (2 for a usage mistake)", () => {
  it("replay without an event names its usage", async () => {
    expectOneLine(
      await runCliStatus("replay", [], {}),
      2,
      /^npm run replay: usage: npm run replay -- <event-id \| file>/,
    );
  });

  it("redrive and replay read --since the same way, and say what they accept", async () => {
    const expected = /^npm run \w+: --since: "yesterday" is neither a date or time .* nor like 30m, 2h, 1d$/;
    expectOneLine(await runCliStatus("redrive", ["--since", "yesterday"], {}), 2, expected);
    expectOneLine(await runCliStatus("replay", ["--from-archive", "--since", "yesterday"], {}), 2, expected);
    expectOneLine(await runCliStatus("trace", ["x", "--since", "yesterday"], {}), 2, expected);
  });

  it("an unknown option is a usage mistake, not a stack trace", async () => {
    expectOneLine(
      await runCliStatus("cost", ["--nonsense"], {}),
      2,
      /^npm run cost: Unknown option '--nonsense'/,
    );
  });

  it("consume and recover say npm start is not running; --verbose adds the details", async () => {
    const env = { EMULATOR_PORT: await closedPort() };
    expectOneLine(await runCliStatus("consume", [], env), 1, /is `npm start` running\?$/);
    expectOneLine(await runCliStatus("recover", [], env), 1, /^npm run recover: /);
    const verbose = await runCliStatus("consume", ["--verbose"], env);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  it("a DESTINATIONS list without its wrapper is named as such, not as a missing file", async () => {
    const result = await runCliStatus("replay", ["some-event-id"], {
      DESTINATIONS: LIST,
      CONSUMER_QUEUE_URL: "http://127.0.0.1:1/000000000000/consumer",
      DELIVERIES_QUEUE_URL: "http://127.0.0.1:1/000000000000/deliveries",
    });
    expectOneLine(result, 1, 'npm run replay: DESTINATIONS: is a list: wrap it as {"destinations": [ … ]}');
  });

  it("npm start with a bad DESTINATIONS says what is wrong and exits", async () => {
    const result = await runCliStatus("start", [], {
      DESTINATIONS: LIST,
      PORT: "0",
      EMULATOR_PORT: "0",
      DYNAMODB_PORT: "0",
      LOCAL_DATA_DIR: mkdtempSync(join(tmpdir(), "neg-bad-destinations-")),
    });
    expectOneLine(result, 1, /^npm run start: DESTINATIONS: is a list: wrap it/);
  });

  it("a second npm start on the same data folder says which process holds it", async () => {
    const runtime = await startRuntime();
    try {
      const result = await runCliStatus("start", [], {
        PORT: "0",
        EMULATOR_PORT: "0",
        DYNAMODB_PORT: "0",
        LOCAL_DATA_DIR: runtime.dataDir,
      });
      expectOneLine(
        result,
        1,
        `npm run start: already running (pid ${runtime.pid}) on the data folder ${runtime.dataDir}`,
      );
    } finally {
      await runtime.stop();
    }
  });

  it("simulate without a fixture names its usage", async () => {
    expectOneLine(await runCliStatus("simulate", [], {}), 2, /^npm run simulate: usage: /);
  });

  it("trace says where it looked when npm start never ran there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "neg-no-runtime-"));
    expectOneLine(
      await runCliStatus("trace", ["some-order"], { LOCAL_DATA_DIR: dir }),
      1,
      `npm run trace: no ${dir}/log.jsonl: run npm start`,
    );
  });
});
