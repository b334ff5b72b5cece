import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/**
 * The folders of `lib/`, lowest first: a folder may import its own files and those of lower folders,
 * never a higher one. The root files (`errors.ts`, `log.ts`, `phone.ts`) are the floor.
 */
const LIB_LAYERS = [
  ["(root)"],
  ["aws"],
  ["config", "auth", "http", "xml"],
  ["json", "bandwidthApi", "telnyxApi"],
  ["event"],
  ["queue", "directory", "orderState"],
  ["archive", "providers", "destinations"],
  ["ingest", "delivery", "registration"],
  ["fanout", "portout", "cost", "reconcile"],
] as const;

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(resolve(root, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(folder, file));
}

/** Every relative import of the TypeScript files under the given top-level folders. */
function importsOf(folders: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of folders.flatMap(sourceFiles)) {
    const text = readFileSync(resolve(root, file), "utf8");
    for (const match of text.matchAll(/(?:import|export)[^"';]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/g)) {
      const specifier = match[1] ?? match[2] ?? "";
      edges.push({ from: file, to: relative(root, resolve(root, dirname(file), specifier)) });
    }
  }
  return edges;
}

/** `lib/ingest/ingest.ts` → `ingest`; `lib/errors.ts` → `(root)`; outside `lib/` → undefined. */
function libFolder(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== "lib") return undefined;
  return parts.length === 2 ? "(root)" : parts[1];
}

function layerOf(folder: string): number {
  return LIB_LAYERS.findIndex((layer) => (layer as readonly string[]).includes(folder));
}

const edges = importsOf(["lib", "functions", "scripts"]);
const libEdges = edges.flatMap(({ from, to }) => {
  const source = libFolder(from);
  const target = libFolder(to);
  return source && target && source !== target ? [{ from: source, to: target, file: from }] : [];
});

/** Every cycle, each found once: from its alphabetically first folder. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const visit = (start: string, path: string[]) => {
    for (const next of graph.get(path.at(-1) ?? start) ?? []) {
      if (next === start) found.push([...path, next]);
      else if (!path.includes(next) && next > start) visit(start, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return found;
}

describe("the import graph", () => {
  it("finds the imports it checks", () => {
    expect(libEdges.length).toBeGreaterThan(50);
    expect(edges.some(({ from }) => from.startsWith("functions/"))).toBe(true);
  });

  it("places every lib/ folder in a layer", () => {
    const folders = new Set(sourceFiles("lib").map((file) => libFolder(file) ?? ""));
    expect([...folders].filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  it("has no cycle among lib/ folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of libEdges) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    expect(cycles(graph)).toEqual([]);
  });

  it("has no lib/ folder importing a higher layer", () => {
    const upward = libEdges
      .filter(({ from, to }) => layerOf(to) >= layerOf(from))
      .map(({ file, to }) => `${file} → ${to}`);
    expect([...new Set(upward)]).toEqual([]);
  });

  it.each(["lib", "functions"])("never imports scripts/ from %s/", (folder) => {
    const offending = edges.filter(
      ({ from, to }) => from.startsWith(`${folder}/`) && to.startsWith("scripts/"),
    );
    expect(offending).toEqual([]);
  });

  it("holds no CLI, emulator or simulator in lib/", () => {
    const folders = new Set(sourceFiles("lib").map((file) => libFolder(file)));
    expect([...folders].filter((folder) => ["cli", "local", "simulate"].includes(folder ?? ""))).toEqual([]);
  });
});
