import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(import.meta.dirname, "../..");

export type TemplateResource = {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export type Template = {
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, { Value: unknown }>;
  Conditions?: Record<string, unknown>;
};

const TEMPLATE_FILE = "cloudformation-template-update-stack.json";

/**
 * The configuration whose function bundles every other configuration of a run reuses. The bundles
 * depend only on the sources and `custom.esbuild`, which names no stage or parameter: `sls package`
 * of prod with the test configuration's zips gives the same template as a packaging that bundles
 * again (compared once, apart from the timestamp in each S3Key), for about 2.5 s of CPU and 5 s of
 * wall less per configuration (serverless-esbuild's `skipBuild`, which takes prebuilt zips from the
 * `--package` folder: https://github.com/floydspace/serverless-esbuild#options).
 */
const BUNDLED = ["test", {}] as const;

/**
 * Runs the real `sls package` (no AWS account needed) and returns the CloudFormation template.
 * `params` are passed as `--param="name=value"`, as an operator would at deploy time.
 *
 * With `cacheDir` (one folder per test run, see test/globalSetup.ts), each distinct stage and
 * params is packaged once for the whole run and its output shared by every file that asks for it:
 * the sources do not change during a run. Without it, every call packages afresh.
 *
 * Each run packages from a service folder of its own (`serviceFolder`), so different stages and
 * params package side by side instead of one after the other. With `cacheDir`, every configuration
 * but {@link BUNDLED} reuses that one's bundles instead of building its own.
 */
export async function packageTemplate(
  stage = "test",
  params: Record<string, string> = {},
  cacheDir?: string,
): Promise<{ template: Template; dir: string }> {
  const key = configurationKey(stage, params);
  const dir = cacheDir
    ? join(cacheDir, createHash("sha256").update(key).digest("hex").slice(0, 16))
    : mkdtempSync(join(tmpdir(), "neg-package-"));
  const bundles =
    cacheDir && key !== configurationKey(...BUNDLED)
      ? (await packageTemplate(...BUNDLED, cacheDir)).dir
      : undefined;
  await withLock(`${dir}.lock`, async () => {
    if (cacheDir && existsSync(join(dir, TEMPLATE_FILE))) return;
    if (bundles) {
      mkdirSync(dir, { recursive: true });
      for (const zip of readdirSync(bundles).filter((file) => file.endsWith(".zip")))
        copyFileSync(join(bundles, zip), join(dir, zip));
    }
    const service = serviceFolder(bundles !== undefined);
    try {
      await promisify(execFile)(
        process.execPath,
        [
          join(ROOT, "node_modules/serverless/bin/serverless.js"),
          "package",
          "--stage",
          stage,
          "--package",
          dir,
          ...Object.entries(params).map(([name, value]) => `--param=${name}=${value}`),
        ],
        {
          cwd: service,
          env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
          timeout: 240_000,
        },
      );
    } finally {
      rmSync(service, { recursive: true, force: true });
    }
  });
  const template = JSON.parse(readFileSync(join(dir, TEMPLATE_FILE), "utf8")) as Template;
  return { template, dir };
}

function configurationKey(stage: string, params: Record<string, string>): string {
  return [stage, ...Object.entries(params).map(([name, value]) => `${name}=${value}`)].join(",");
}

/** One resource of the template; a missing one fails the test, naming it. */
export function resourceOf(template: Template, id: string): TemplateResource {
  const found = template.Resources[id];
  if (!found) throw new Error(`template has no ${id}`);
  return found;
}

/** Every resource of one type, as [logical id, resource]. */
export function resourcesOfType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Every IAM statement of a role resource, flattened. */
export function statementsOf(
  template: Template,
  role: string,
): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const policies = template.Resources[role]?.Properties.Policies as {
    PolicyDocument: { Statement: never[] };
  }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** What a packaging writes in the project folder, or local state: never linked into a service folder. */
const NOT_LINKED = new Set([".git", ".esbuild", ".serverless", ".local", ".esbuild.lock", "coverage"]);

/**
 * A project folder of its own for one `sls package`: serverless.yml copied (serverless runs only where
 * it is a regular file), every other entry linked to the project's. serverless-esbuild builds every
 * function in the service folder's `.esbuild/`, so two packagings in two such folders never delete
 * each other's bundles, as two in the project folder would. With `prebuilt`, the copy tells
 * serverless-esbuild to take the zips already in the `--package` folder instead of building them.
 */
function serviceFolder(prebuilt: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "neg-service-"));
  for (const entry of readdirSync(ROOT)) {
    if (NOT_LINKED.has(entry)) continue;
    if (entry === "serverless.yml") writeFileSync(join(dir, entry), serviceYaml(prebuilt));
    else symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  return dir;
}

function serviceYaml(prebuilt: boolean): string {
  const yaml = readFileSync(join(ROOT, "serverless.yml"), "utf8");
  if (!prebuilt) return yaml;
  const esbuild = /^ {2}esbuild:\n/m;
  if (!esbuild.test(yaml)) throw new Error("serverless.yml has no custom.esbuild block to add skipBuild to");
  return yaml.replace(esbuild, "  esbuild:\n    skipBuild: true\n");
}

/**
 * One packaging of a configuration at a time across test files, so the second file to ask for it
 * reads the first one's output. The lock is a directory (mkdir is atomic) holding its owner's pid; a
 * lock whose owner died is taken over.
 */
async function withLock<T>(lock: string, run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!ownerAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 250));
    }
  }
  writeFileSync(join(lock, "pid"), String(process.pid));
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ownerAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    // Just created, its pid not yet written: alive, unless that was long ago (its owner died there).
    try {
      return Date.now() - statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
