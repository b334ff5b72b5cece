import { createServer, type Server } from "node:net";

/** A port a local command listens on, and the variable that moves it. */
interface PortClaim {
  variable: string;
  port: number;
}

/** Ports that other processes hold: the message names the variables that move them. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(host: string, taken: readonly PortClaim[], options?: { cause?: unknown }) {
    const [only] = taken;
    super(
      taken.length === 1 && only
        ? `${host}:${only.port} is already in use: set ${only.variable} to a free port (${only.variable}=0 picks one)`
        : `${taken.map(({ variable, port }) => `${host}:${port} (${variable})`).join(", ")} are already in use: set ${taken.map(({ variable }) => variable).join(", ")} to free ports (0 picks one)`,
      options,
    );
  }
}

/**
 * Fails with one {@link PortInUseError} naming every port of `ports` (variable → port; `0`, any free
 * port, is never taken) another process holds on `host`,
 * each tried with a listen and a close before anything starts: a second `npm start` finds all of its
 * ports taken, and says so once instead of one variable per attempt. A port taken between this check
 * and its real listen still fails there, naming its variable ({@link explainPortInUse}).
 */
export async function assertPortsFree(host: string, ports: Readonly<Record<string, number>>): Promise<void> {
  const taken: PortClaim[] = [];
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const probe = createServer();
    try {
      await listen(probe, port, host, variable);
      await new Promise((done) => probe.close(done));
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
      taken.push({ variable, port });
    }
  }
  if (taken.length > 0) throw new PortInUseError(host, taken);
}

/** Turns a taken port (`EADDRINUSE`) into a {@link PortInUseError} naming `variable`. */
export function explainPortInUse(error: unknown, variable: string, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EADDRINUSE" ? new PortInUseError(host, [{ variable, port }], { cause: error }) : error;
}

/** Listens on `host:port` (port 0: any free port); resolves once bound, rejects naming `variable`. */
export function listen(server: Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise((done, fail) => {
    const onError = (error: Error) => fail(explainPortInUse(error, variable, host, port));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      done();
    });
  });
}
