import { join } from "node:path";
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from "node:v8";

/**
 * One thread's V8 isolate (the main thread's or a handler thread's), in bytes: each isolate has a
 * heap of its own, which a heap snapshot of another thread does not see. The process's RSS holds
 * them all, and what none of them counts (native allocations, code, thread stacks).
 */
export interface ThreadMemory {
  thread: string;
  /** The heap V8 holds for this isolate: old and young generation, code, large objects. */
  heapTotal: number;
  /** What that heap holds now: live objects and garbage not yet collected. */
  heapUsed: number;
  /**
   * The young generation's share of `heapTotal`. V8 grows it while much is allocated, up to a cap
   * (`--max-semi-space-size`, or the Worker's `resourceLimits.maxYoungGenerationSizeMb`).
   */
  youngGeneration: number;
  /** What V8 itself has malloc'd outside the heap. */
  malloced: number;
  /** Memory outside the heap that objects in it hold (Buffers, ArrayBuffers), as V8 is told of it. */
  external: number;
  /** The part of `external` that is ArrayBuffers (and so Buffers). */
  arrayBuffers: number;
}

/** This thread's isolate's figures, under the name `thread`. */
export function threadMemory(thread: string): ThreadMemory {
  const heap = getHeapStatistics();
  return {
    thread,
    heapTotal: heap.total_heap_size,
    heapUsed: heap.used_heap_size,
    youngGeneration:
      getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0,
    malloced: heap.malloced_memory,
    external: heap.external_memory,
    arrayBuffers: process.memoryUsage().arrayBuffers,
  };
}

/** A heap snapshot one thread wrote of its isolate. */
export interface HeapSnapshotFile {
  thread: string;
  path: string;
}

/**
 * Writes this thread's heap snapshot into `dir` (synchronously: the thread pauses meanwhile), named
 * after the thread and the time so successive ones do not collide.
 */
export function writeThreadHeapSnapshot(thread: string, dir: string): HeapSnapshotFile {
  return { thread, path: writeHeapSnapshot(join(dir, `${thread}-${Date.now()}.heapsnapshot`)) };
}
