/**
 * Keeps every line written to stdout and stderr (where the logger writes) in `logged`, from
 * `start()` until `stop()`, instead of printing it: to check what the code logs, and what it never does.
 */
export function captureLogs() {
  const logged: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originalWrites = streams.map((stream) => stream.write);
  return {
    logged,
    start() {
      for (const stream of streams) {
        stream.write = ((chunk: string | Uint8Array) => {
          logged.push(String(chunk));
          return true;
        }) as typeof stream.write;
      }
    },
    stop() {
      streams.forEach((stream, i) => {
        stream.write = originalWrites[i] ?? stream.write;
      });
    },
  };
}
