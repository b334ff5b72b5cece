import type { Server } from "node:net";

/** A port that another process holds: the message names the variable that moves it. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  readonly variable: string;
  constructor(variable: string, host: string, port: number, options?: { cause?: unknown }) {
    super(
      `${host}:${port} is already in use: set ${variable} to a free port (${variable}=0 picks one)`,
      options,
    );
    this.variable = variable;
  }
}

/** Turns a taken port (`EADDRINUSE`) into a {@link PortInUseError} naming `variable`. */
export function explainPortInUse(error: unknown, variable: string, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EADDRINUSE" ? new PortInUseError(variable, host, port, { cause: error }) : error;
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
