import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runCliStatus } from "../helpers/cli.ts";
import { type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

/** Whether something accepts TCP connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/** The port of the first URL printed after `label` in the banner. */
function portAfter(output: string, label: string): number {
  const match = new RegExp(`${label}\\s*http://[^:\\s]+:(\\d+)`).exec(output);
  if (!match?.[1]) throw new Error(`no ${label} URL in:\n${output}`);
  return Number(match[1]);
}

let runtime: RunningRuntime | undefined;
const holders: Server[] = [];
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await Promise.all(holders.splice(0).map((server) => new Promise((done) => server.close(done))));
});

describe("npm start binds to one host", () => {
  it("listens with the HTTP ingest, the SQS/S3 emulator, DynamoDB and the Bandwidth API and Firehose stand-ins on HOST only", async () => {
    // Any 127.x address is loopback on Linux: a service bound to every interface answers on 127.0.0.1 too.
    // With HOST set the runtime starts its own emulators, on that host (test/helpers/localRuntime.ts).
    runtime = await startRuntime({ HOST: "127.0.0.2" });
    const ports = {
      PORT: Number(new URL(runtime.url).port),
      EMULATOR_PORT: portAfter(runtime.output(), "SQS emulator:"),
      DYNAMODB_PORT: portAfter(runtime.output(), "DynamoDB \\(embedded\\):"),
      BANDWIDTH_API_PORT: portAfter(runtime.output(), "Bandwidth Dashboard API stand-in:"),
      FIREHOSE_PORT: portAfter(runtime.output(), "Firehose stand-in:"),
    };
    for (const [service, port] of Object.entries(ports)) {
      expect(await accepts("127.0.0.2", port), `${service} on HOST`).toBe(true);
      expect(await accepts("127.0.0.1", port), `${service} elsewhere`).toBe(false);
    }
  }, 60_000);
});

const PORT_VARIABLES = ["PORT", "EMULATOR_PORT", "DYNAMODB_PORT", "BANDWIDTH_API_PORT", "FIREHOSE_PORT"];

/** Holds a free port on 127.0.0.1 (closed after the test); answers it. */
async function holdPort(): Promise<number> {
  const server = createServer();
  holders.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as { port: number }).port;
}

/** `npm start` with `env`: the message it failed with, or "" if it started. */
async function startFailure(env: Record<string, string>): Promise<string> {
  return startRuntime(env).then(
    (started) => {
      runtime = started;
      return "";
    },
    (error: Error) => error.message,
  );
}

describe("npm start when its ports are taken", () => {
  it("names every taken port's variable in one line, before starting anything, without a stack trace", async () => {
    const taken = Object.fromEntries(
      await Promise.all(PORT_VARIABLES.map(async (v) => [v, await holdPort()])),
    );
    const failure = await startFailure(
      Object.fromEntries(Object.entries(taken).map(([variable, port]) => [variable, String(port)])),
    );
    expect(failure).toContain(
      `npm run start: ${PORT_VARIABLES.map((v) => `127.0.0.1:${taken[v]} (${v})`).join(", ")} are already in use: set ${PORT_VARIABLES.join(", ")} to free ports (0 picks one)`,
    );
    expect(failure).not.toMatch(/^\s+at /m);
  }, 60_000);

  it("says which variable to set when one is taken", async () => {
    const port = await holdPort();
    const failure = await startFailure({ FIREHOSE_PORT: String(port) });
    expect(failure).toContain(
      `npm run start: 127.0.0.1:${port} is already in use: set FIREHOSE_PORT to a free port (FIREHOSE_PORT=0 picks one)`,
    );
  }, 60_000);

  it("npm run emulators names both of its taken ports too", async () => {
    const [emulator, dynamoDb] = [await holdPort(), await holdPort()];
    const { code, stderr } = await runCliStatus("emulators", [], {
      EMULATOR_PORT: String(emulator),
      DYNAMODB_PORT: String(dynamoDb),
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `npm run emulators: 127.0.0.1:${emulator} (EMULATOR_PORT), 127.0.0.1:${dynamoDb} (DYNAMODB_PORT) are already in use: set EMULATOR_PORT, DYNAMODB_PORT to free ports (0 picks one)`,
    );
  });
});
