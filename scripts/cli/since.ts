import { UsageError } from "./command.ts";

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The one reading of `--since` / `--until` for every command: an ISO date or time
 * (`2026-11-25`, `2026-11-25T14:00:00Z`), or a duration back from `now` (`90s`, `30m`, `2h`, `1d`).
 */
export function parseTimeArgument(option: string, value: string, now: number = Date.now()): Date {
  const relative = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNITS[relative[2] as keyof typeof UNITS]);
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new UsageError(
      `${option}: "${value}" is neither a date or time (2026-11-25T14:00Z) nor like 30m, 2h, 1d`,
    );
  return new Date(time);
}
