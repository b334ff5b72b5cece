/**
 * `npm run simulate -- <fixture|folder>… [--url http://127.0.0.1:3000] [--all]`: sends fixtures from
 * `events/` the way each provider would, against `npm start` by default, and shows where each event
 * landed in the default destination of the instance it sent to.
 */
import { existsSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { allFixtures } from "../simulate/fixtureKind.ts";
import { landingFileOf } from "../simulate/landing.ts";
import { simulateFixture } from "../simulate/simulateFixture.ts";
import { runCommand, UsageError } from "./command.ts";

const root = resolve(import.meta.dirname, "../..");

await runCommand("simulate", async (args) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? "3000"}` },
      all: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (!values.all && positionals.length === 0) {
    throw new UsageError(
      "usage: npm run simulate -- <fixture|folder>… [--url http://127.0.0.1:3000] [--all], e.g. events/telnyx/number-order-complete.json",
    );
  }
  const events = resolve(root, "events");
  // A folder stands for every provider fixture below it (`events/telnyx`, `events/bandwidth`).
  const files = values.all
    ? allFixtures(events)
    : positionals.flatMap((path) =>
        existsSync(path) && statSync(path).isDirectory()
          ? allFixtures(events).filter((file) => file.startsWith(`${resolve(path)}${sep}`))
          : [resolve(path)],
      );
  const landingFile = await landingFileOf(values.url);
  let failed = 0;
  for (const file of files) {
    try {
      const ok = await simulateFixture(file, {
        url: values.url,
        landingFile,
        landingTimeoutMs: 5000,
        print: console.log,
      });
      if (!ok) failed++;
    } catch (error) {
      failed++;
      console.log(
        `  ✗ ${error instanceof Error ? error.message : String(error)} (is npm start running on ${values.url}?)`,
      );
    }
  }
  console.log(
    `\n${files.length - failed} of ${files.length} fixture(s) sent as their provider would, ${failed} failed`,
  );
  return failed === 0 ? 0 : 1;
});
