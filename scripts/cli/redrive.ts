/**
 * `npm run redrive -- [--destination NAME] [--since <time | 2h | 30m | 1d>] [--dry-run] [--hold-seconds 30]`:
 * sends dead-lettered deliveries back for delivery. See `lib/delivery/redrive.ts`.
 */
import { parseArgs } from "node:util";
import { createSqsClient } from "../../lib/aws/sqsClient.ts";
import { redrive } from "../../lib/delivery/redrive.ts";
import { runCommand } from "./command.ts";
import { parseTimeArgument } from "./since.ts";
import { resolveTarget } from "./target.ts";

await runCommand("redrive", async (args) => {
  const { values } = parseArgs({
    args,
    options: {
      destination: { type: "string" },
      since: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "hold-seconds": { type: "string", default: "30" },
    },
  });
  const since = values.since === undefined ? undefined : parseTimeArgument("--since", values.since);
  const target = resolveTarget();
  const client = createSqsClient("ownQueues");
  try {
    const result = await redrive({
      client,
      deadLetterQueueUrl: await target.queueUrl(
        client,
        "DELIVERY_DEAD_LETTER_QUEUE_URL",
        "DeliveryDeadLetterQueue",
      ),
      deliveriesQueueUrl: await target.queueUrl(client, "DELIVERIES_QUEUE_URL", "DeliveriesQueue"),
      destination: values.destination,
      since,
      dryRun: values["dry-run"],
      holdSeconds: Number(values["hold-seconds"]),
    });
    for (const delivery of result.selected) {
      const { attempts, lastError, at } = delivery.deadLetter;
      console.log(
        `${delivery.event.id}  → ${delivery.destination}  (dead-lettered ${at} after ${attempts} attempts: ${lastError})`,
      );
    }
    const verb = values["dry-run"] ? "would redrive" : "redrove";
    console.log(`${verb} ${result.selected.length} of ${result.total} dead-lettered deliveries`);
    if (values["dry-run"] && result.selected.length < result.total) {
      console.log("(a dry run sees only the first dead-lettered delivery of each order and destination)");
    }
    return 0;
  } finally {
    client.destroy();
  }
});
