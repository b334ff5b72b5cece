import { readFileSync } from "node:fs";

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface Growth {
  /** The node type and its constructor or string kind, e.g. `object Map` or `string`. */
  what: string;
  bytes: number;
  count: number;
}

/** Retained self size and count per kind of node in a `.heapsnapshot` file. */
function sizesByKind(file: string): Map<string, { bytes: number; count: number }> {
  const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const [typeNames] = heap.snapshot.meta.node_types;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const kinds = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = typeNames[heap.nodes[i + typeAt] ?? 0] ?? "?";
    // Strings are named by their content: group them by type alone.
    const name = type === "object" || type === "closure" ? heap.strings[heap.nodes[i + nameAt] ?? 0] : "";
    const kind = name ? `${type} ${name}` : type;
    const entry = kinds.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += heap.nodes[i + sizeAt] ?? 0;
    entry.count++;
    kinds.set(kind, entry);
  }
  return kinds;
}

const totalBytes = (kinds: ReturnType<typeof sizesByKind>) =>
  [...kinds.values()].reduce((sum, kind) => sum + kind.bytes, 0);

/** The live heap's size in one `.heapsnapshot` file: the self sizes of every node. */
export function liveHeapBytes(file: string): number {
  return totalBytes(sizesByKind(file));
}

/**
 * Two heap snapshots of one process compared: the live heap's size in each, and what grew most
 * between them, by bytes, largest first.
 */
export function heapGrowth(
  before: string,
  after: string,
  top = 8,
): { beforeBytes: number; afterBytes: number; growth: Growth[] } {
  const early = sizesByKind(before);
  const late = sizesByKind(after);
  const growth = [...late]
    .map(([what, { bytes, count }]) => ({
      what,
      bytes: bytes - (early.get(what)?.bytes ?? 0),
      count: count - (early.get(what)?.count ?? 0),
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { beforeBytes: totalBytes(early), afterBytes: totalBytes(late), growth };
}
