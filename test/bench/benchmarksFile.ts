import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export const BENCHMARKS_MD = resolve(import.meta.dirname, "../../BENCHMARKS.md");

/**
 * Replaces one part of BENCHMARKS.md and keeps the others: the main table (`section` null, written
 * by `npm run bench`) or a `## <section>` written by the soak or the fault-injection run.
 */
export function writeBenchmarksSection(section: string | null, content: string): void {
  const current = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, "utf8") : "# Benchmarks\n";
  const parts = current.split(/\n(?=## )/);
  const head = section === null ? `# Benchmarks\n\n${content.trim()}\n` : (parts[0] ?? "# Benchmarks\n");
  const sections = parts.slice(1).filter((part) => section === null || !part.startsWith(`## ${section}\n`));
  if (section !== null) sections.push(`## ${section}\n\n${content.trim()}\n`);
  writeFileSync(
    BENCHMARKS_MD,
    `${[head.trimEnd(), ...sections.map((part) => part.trimEnd())].join("\n\n")}\n`,
  );
}
