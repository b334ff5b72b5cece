import type { BuildOptions } from "esbuild";

/**
 * The esbuild options of serverless.yml's `custom.esbuild` (what serverless-esbuild bundles each
 * function with), for building a function's bundle the way it is packaged: the cold start bench and
 * the tests of what a bundle carries.
 */
export function esbuildOptions(options: Record<string, unknown>): BuildOptions {
  return {
    bundle: true,
    minify: options.minify === true,
    platform: "node",
    target: String(options.target),
    format: "esm",
    mainFields: options.mainFields as string[],
    banner: options.banner as Record<string, string>,
  };
}
