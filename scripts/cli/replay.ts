/**
 * `npm run replay -- <event-id | file> [--destination NAME]`: delivers a stored event again — from a
 * file (one JSON event, or JSON lines), or by id from the files of the `file` destinations.
 * `npm run replay -- --from-archive …`: re-ingests archived raw requests (see replayArchive.ts).
 */
import { parseArgs } from "node:util";
import { createSqsClient } from "../../lib/aws/sqsClient.ts";
import { loadDestinations } from "../../lib/destinations/config.ts";
import { findEvents, replay } from "../../lib/fanout/replay.ts";
import { replayFromArchive } from "./replayArchive.ts";
import { resolveTarget } from "./target.ts";

const args = process.argv.slice(2);
if (args.includes("--from-archive")) {
  await replayFromArchive(args);
} else {
  const { values, positionals } = parseArgs({
    args,
    options: { destination: { type: "string" } },
    allowPositionals: true,
  });
  const [argument] = positionals;
  if (!argument || positionals.length > 1) {
    console.error(
      "usage: npm run replay -- <event-id | file> [--destination NAME]\n" +
        "       npm run replay -- --from-archive --since <date> [--until <date>] [--provider <name>] [--dry-run]",
    );
    process.exit(2);
  }
  const target = resolveTarget();
  const client = createSqsClient("ownQueues");
  process.env.CONSUMER_QUEUE_URL ??= await target.queueUrl(client, "CONSUMER_QUEUE_URL", "ConsumerQueue");
  const destinations = loadDestinations(target.destinationsConfig);
  const results = await replay(findEvents(argument, destinations), {
    destinations,
    client,
    deliveriesQueueUrl: await target.queueUrl(client, "DELIVERIES_QUEUE_URL", "DeliveriesQueue"),
    destination: values.destination,
  });
  for (const { eventId, destinations: names } of results) {
    console.log(`${eventId}  → ${names.length > 0 ? names.join(", ") : "no destination wants it (filters)"}`);
  }
  client.destroy();
}
