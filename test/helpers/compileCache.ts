import { resolve } from "node:path";

/**
 * Node's on-disk compile cache for the test run and every process it starts (the vitest workers,
 * about 35 `npm start` runtimes, the CLIs, the `sls package` runs): each reuses the bytecode and
 * stripped TypeScript of the modules the previous one compiled
 * (https://nodejs.org/api/module.html#module-compile-cache). An explicit NODE_COMPILE_CACHE wins.
 */
export const NODE_COMPILE_CACHE =
  process.env.NODE_COMPILE_CACHE ??
  resolve(import.meta.dirname, "../../node_modules/.cache/node-compile-cache");
