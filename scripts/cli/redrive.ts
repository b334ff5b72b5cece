/**
 * `npm run redrive -- [--destination NAME] [--since <ISO time | 2h | 30m | 1d>] [--dry-run] [--hold-seconds 30]`:
 * sends dead-lettered deliveries back for delivery. See `lib/delivery/redrive.ts`.
 */
import { parseArgs } from "node:util";
import { createSqsClient } from "../../lib/aws/sqsClient.ts";
import { redrive } from "../../lib/delivery/redrive.ts";
import { resolveTarget } from "./target.ts";

const { values } = parseArgs({
  options: {
    destination: { type: "string" },
    since: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    "hold-seconds": { type: "string", default: "30" },
  },
});
const target = resolveTarget();
const client = createSqsClient("ownQueues");
const result = await redrive({
  client,
  deadLetterQueueUrl: await target.queueUrl(
    client,
    "DELIVERY_DEAD_LETTER_QUEUE_URL",
    "DeliveryDeadLetterQueue",
  ),
  deliveriesQueueUrl: await target.queueUrl(client, "DELIVERIES_QUEUE_URL", "DeliveriesQueue"),
  destination: values.destination,
  since: values.since === undefined ? undefined : parseSince(values.since),
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
if (result.selected.length < result.total) {
  console.log(`deliveries looked at and left stay hidden for ${values["hold-seconds"]} s (--hold-seconds)`);
}
client.destroy();

/** An ISO time, or a duration back from now (`90m`, `2h`, `1d`). */
function parseSince(value: string): Date {
  const relative = /^(\d+)(m|h|d)$/.exec(value);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as "m" | "h" | "d"];
    return new Date(Date.now() - Number(relative[1]) * unit);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`--since: "${value}" is neither an ISO time nor like 30m, 2h, 1d`);
  return new Date(time);
}
