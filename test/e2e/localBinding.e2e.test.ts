import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
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
let holder: Server | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await new Promise((done) => (holder ? holder.close(done) : done(undefined)));
  holder = undefined;
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

describe.each(["PORT", "EMULATOR_PORT", "DYNAMODB_PORT", "BANDWIDTH_API_PORT", "FIREHOSE_PORT"])(
  "npm start when the %s port is taken",
  (variable) => {
    it("says in one line which variable to set, without a stack trace", async () => {
      const server = createServer();
      holder = server;
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
      const { port } = server.address() as { port: number };
      const failure = await startRuntime({ [variable]: String(port) }).then(
        (started) => {
          runtime = started;
          return "";
        },
        (error: Error) => error.message,
      );
      expect(failure).toContain(
        `npm run start: 127.0.0.1:${port} is already in use: set ${variable} to a free port`,
      );
      expect(failure).not.toMatch(/^\s+at /m);
    }, 60_000);
  },
);
