import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { describe, expect, it } from "vitest";
import { localClientConfig } from "../../../scripts/local/clientConfig.ts";
import { withWalNormalSync } from "../../../scripts/local/sqliteSync.ts";
import { createFifoQueue } from "../../helpers/emulator.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "neg-sqlite-"));
/** 2 = FULL (SQLite's default), 1 = NORMAL. */
const synchronousOf = (db: DatabaseSync) =>
  (db.prepare("PRAGMA synchronous").get() as { synchronous: number }).synchronous;

describe("withWalNormalSync", () => {
  it("sets NORMAL on a database put in WAL mode while it runs, and leaves other databases alone", async () => {
    const dir = dataDir();
    const { result, switched } = await withWalNormalSync(async () => {
      const wal = new DatabaseSync(join(dir, "wal.db"));
      wal.exec("PRAGMA journal_mode = WAL");
      const rollback = new DatabaseSync(join(dir, "rollback.db"));
      rollback.exec("PRAGMA journal_mode = DELETE");
      return { wal, rollback };
    });
    expect(switched).toBe(1);
    expect(synchronousOf(result.wal)).toBe(1);
    expect(synchronousOf(result.rollback)).toBe(2);
    const after = new DatabaseSync(join(dir, "after.db"));
    after.exec("PRAGMA journal_mode = WAL");
    expect(synchronousOf(after)).toBe(2);
    for (const db of [result.wal, result.rollback, after]) db.close();
  });

  it("switches fauxqs's store, whose messages still survive a restart", async () => {
    const dir = dataDir();
    const { result: first, switched } = await withWalNormalSync(() =>
      startFauxqs({ port: 0, logger: false, dataDir: dir }),
    );
    // fauxqs opens exactly one store this way; if an upgrade changes that, the local runtime warns.
    expect(switched).toBe(1);
    const client = new SQSClient({ ...localClientConfig(first.address), useQueueUrlAsEndpoint: false });
    const queueUrl = await createFifoQueue(client, "Kept");
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: "kept",
        MessageGroupId: "g",
        MessageDeduplicationId: "d",
      }),
    );
    client.destroy();
    await first.stop();
    const second = await startFauxqs({ port: 0, logger: false, dataDir: dir });
    const again = new SQSClient({ ...localClientConfig(second.address), useQueueUrlAsEndpoint: false });
    try {
      const { QueueUrl } = await again.send(new GetQueueUrlCommand({ QueueName: "Kept.fifo" }));
      const { Messages = [] } = await again.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(Messages.map((message) => message.Body)).toEqual(["kept"]);
    } finally {
      again.destroy();
      await second.stop();
    }
  });
});
