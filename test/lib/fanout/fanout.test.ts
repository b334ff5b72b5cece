import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSRecord } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { loadDestinations } from "../../../lib/destinations/config.ts";
import { createFanout } from "../../../lib/fanout/fanout.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { startReceiver } from "../../helpers/httpReceiver.ts";
import { recordOf } from "../../helpers/sqsRecords.ts";

const normalize = (name: string) =>
  normalizeNotification(fixture(`bandwidth/v1/${name}`), "2026-01-02T03:04:05.000Z");
// Two events of one port-in order (same FIFO group), and one of another order.
const focEvent = normalize("portins-foc.xml");
const completeEvent = normalize("portins-complete.xml");
const otherOrder = normalize("orders-complete.xml");

let stop: (() => Promise<void>) | undefined;
afterEach(async () => stop?.());

async function setUp(failFor: string | null) {
  const receiver = await startReceiver((request) =>
    failFor && JSON.parse(request.body).id === failFor ? { status: 503 } : { status: 200 },
  );
  stop = receiver.stop;
  const path = join(mkdtempSync(join(tmpdir(), "fanout-")), "events.jsonl");
  const destinations = loadDestinations(
    JSON.stringify({
      destinations: [
        { name: "audit", type: "file", path },
        { name: "crm", type: "http", url: receiver.url },
      ],
    }),
  );
  const fileIds = () =>
    readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
  const archived: string[] = [];
  const archive = async (records: readonly SQSRecord[]) => {
    archived.push(...records.map((record) => record.messageId));
    return [];
  };
  return { receiver, fanout: createFanout(destinations, archive), fileIds, archived };
}

describe("createFanout", () => {
  it("delivers every record of a batch to every destination", async () => {
    const { receiver, fanout, fileIds, archived } = await setUp(null);
    const response = await fanout({ Records: [recordOf(focEvent, "1"), recordOf(otherOrder, "2")] });
    expect(response.batchItemFailures).toEqual([]);
    expect(archived).toEqual(["1", "2"]);
    expect(fileIds()).toEqual([focEvent.id, otherOrder.id]);
    expect(receiver.received.map((r) => JSON.parse(r.body).id)).toEqual([focEvent.id, otherOrder.id]);
  });

  it("fails a record and the later records of its order, but not other orders", async () => {
    const { receiver, fanout } = await setUp(focEvent.id);
    const response = await fanout({
      Records: [recordOf(focEvent, "1"), recordOf(completeEvent, "2"), recordOf(otherOrder, "3")],
    });
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(["1", "2"]);
    // The later event of the failed order was not delivered ahead of the earlier one.
    const delivered = receiver.received.map((r) => JSON.parse(r.body).id);
    expect(delivered).not.toContain(completeEvent.id);
    expect(delivered).toContain(otherOrder.id);
  });
});
