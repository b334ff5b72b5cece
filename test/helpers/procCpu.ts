import { readFileSync } from "node:fs";

/** Linux counts CPU time in clock ticks of 1/100 s (`USER_HZ`). */
const TICKS_PER_SECOND = 100;

/**
 * A process's CPU seconds from /proc/<pid>/stat: its own (utime + stime, fields 14–15) and that of the
 * children it has reaped (cutime + cstime, fields 16–17). Fields are counted after the command, which
 * is in parentheses and may hold spaces.
 */
export function procCpuSeconds(pid: number | "self" = "self"): { own: number; children: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ").map(Number) ?? [];
  const at = (field: number) => fields[field - 3] ?? 0;
  return { own: (at(14) + at(15)) / TICKS_PER_SECOND, children: (at(16) + at(17)) / TICKS_PER_SECOND };
}
