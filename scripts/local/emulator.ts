import { Server } from "node:net";
import { type FauxqsServer, startFauxqs } from "fauxqs";
import { explainPortInUse } from "./listen.ts";
import { withWalNormalSync } from "./sqliteSync.ts";

type Listen = (this: Server, ...args: unknown[]) => Server;

/**
 * The embedded SQS/SNS/S3 emulator (fauxqs), listening on `host` only: it holds every event and raw
 * request, without authentication. fauxqs 2.4 always listens on 0.0.0.0 (its `host` option only names
 * the host in queue URLs), so its one `listen` call is pointed at `host` while it starts; the address
 * it then reports is checked, so a fauxqs that listens otherwise fails here instead of exposing data.
 * Its SQLite store commits without an fsync per write (see {@link withWalNormalSync}): every message
 * survives a stop or a crash of the process, and the queue is not held up by the disk.
 */
export async function startLocalEmulator(options: {
  host: string;
  port: number;
  /** Where fauxqs keeps its SQLite store; in memory only when absent. */
  dataDir?: string;
  /** The variable that sets the port, named when the port is taken. */
  portVariable: string;
}): Promise<FauxqsServer> {
  const prototype = Server.prototype as unknown as { listen: Listen };
  const original = prototype.listen;
  prototype.listen = function (this: Server, ...args: unknown[]) {
    const [first] = args;
    if (typeof first === "object" && first !== null && (first as { host?: string }).host === "0.0.0.0") {
      args[0] = { ...first, host: options.host };
    }
    return original.apply(this, args);
  };
  let emulator: FauxqsServer;
  let switched: number;
  try {
    ({ result: emulator, switched } = await withWalNormalSync(() =>
      startFauxqs({
        port: options.port,
        logger: false,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      }),
    ));
  } catch (error) {
    throw explainPortInUse(error, options.portVariable, options.host, options.port);
  } finally {
    prototype.listen = original;
  }
  const bound = new URL(emulator.address).hostname;
  if (bound !== options.host && bound !== `[${options.host}]`) {
    await emulator.stop();
    throw new Error(`the SQS emulator listens on ${bound}, not on ${options.host}`);
  }
  if (options.dataDir && switched !== 1)
    console.warn("the SQS emulator's store fsyncs every write (slower): fauxqs did not open it in WAL mode");
  return emulator;
}
