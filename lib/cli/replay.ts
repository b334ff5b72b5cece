/** `npm run replay -- --from-archive …`: see replayArchive.ts. */
import { replayFromArchive } from "./replayArchive.ts";

const args = process.argv.slice(2);
if (!args.includes("--from-archive")) {
  console.error(
    "usage: npm run replay -- --from-archive --since <date> [--until <date>] [--provider <name>] [--dry-run]",
  );
  process.exit(2);
}
await replayFromArchive(args);
