import { mkdirSync } from "node:fs";
import type { HandlerThreads } from "./handlerThreads.ts";
import {
  type HeapSnapshotFile,
  type ThreadMemory,
  threadMemory,
  writeThreadHeapSnapshot,
} from "./threadMemory.ts";

/** `GET /_local/memory`: the process's RSS and each thread's isolate, main thread first. */
export interface MemoryReport {
  rss: number;
  threads: ThreadMemory[];
}

/** What the local runtime tells of its memory (scripts/local/httpServer.ts serves it). */
export interface ProcessMemory {
  report(): Promise<MemoryReport>;
  /** Every thread writes its heap snapshot into the snapshot folder, main thread first. */
  writeHeapSnapshots(): Promise<HeapSnapshotFile[]>;
}

/**
 * The local runtime's memory, thread by thread: the main thread's isolate (HTTP, the SQS consumers,
 * the schedules, the stand-ins, and the HTTP routes' handlers when no handler thread runs them) and
 * each handler thread's, which reports its own. Heap snapshots go to `snapshotDir`.
 */
export function processMemory(threads: HandlerThreads | undefined, snapshotDir: string): ProcessMemory {
  return {
    async report() {
      return {
        rss: process.memoryUsage.rss(),
        threads: [threadMemory("main"), ...((await threads?.memory()) ?? [])],
      };
    },
    async writeHeapSnapshots() {
      mkdirSync(snapshotDir, { recursive: true });
      const main = writeThreadHeapSnapshot("main", snapshotDir);
      return [main, ...((await threads?.writeHeapSnapshots(snapshotDir)) ?? [])];
    },
  };
}
