/**
 * `npm run replay -- <event-id | file> [--destination NAME]`: delivers a stored event again — from a
 * file (one JSON event, or JSON lines), or by id from the files of the `file` destinations.
 * `npm run replay -- --from-archive …`: re-ingests archived raw requests (see replayArchive.ts).
 */
import { parseArgs } from "node:util";
import { createSqsClient, sdkSendMessageBatch } from "../../lib/aws/sqsClient.ts";
import { loadDestinations } from "../../lib/destinations/config.ts";
import { findEvents, replay } from "../../lib/fanout/replay.ts";
import { runCommand, UsageError } from "./command.ts";
import { replayFromArchive } from "./replayArchive.ts";
import { resolveTarget } from "./target.ts";

const USAGE =
  "usage: npm run replay -- <event-id | file> [--destination NAME]  " +
  "or  npm run replay -- --from-archive --since <time | 2h> [--until <time>] [--provider <name>] [--dry-run]";

await runCommand("replay", async (args) => {
  if (args.includes("--from-archive")) {
    await replayFromArchive(args);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    options: { destination: { type: "string" } },
    allowPositionals: true,
  });
  const [argument] = positionals;
  if (!argument || positionals.length > 1) throw new UsageError(USAGE);
  const target = resolveTarget();
  const client = createSqsClient("ownQueues");
  try {
    process.env.CONSUMER_QUEUE_URL ??= await target.queueUrl(client, "CONSUMER_QUEUE_URL", "ConsumerQueue");
    const destinations = loadDestinations(target.destinationsConfig);
    const results = await replay(findEvents(argument, destinations), {
      destinations,
      client: sdkSendMessageBatch(client),
      deliveriesQueueUrl: await target.queueUrl(client, "DELIVERIES_QUEUE_URL", "DeliveriesQueue"),
      destination: values.destination,
    });
    for (const { eventId, destinations: names } of results) {
      console.log(
        `${eventId}  → ${names.length > 0 ? names.join(", ") : "no destination wants it (filters)"}`,
      );
    }
    return 0;
  } finally {
    client.destroy();
  }
});
