import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { verifySecret } from "../../../lib/directory/secretHash.ts";
import type { CanonicalEvent } from "../../../lib/event/canonical.ts";
import { dynamodbLockout } from "../../../lib/portout/lockout.ts";
import { DIRECTORY_TABLE, startDirectoryDb } from "../../helpers/directory.ts";
import { createFifoQueue, drain, startEmulator } from "../../helpers/emulator.ts";
import { assertValidEvent } from "../../helpers/schema.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Runs `npm run directory -- …`'s entry point for real, with `input` on standard input. */
function directory(
  args: string[],
  input = "",
  env: Record<string, string> = { DYNAMODB_PORT: "1" },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ["scripts/cli/directory.ts", ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe("npm run directory", () => {
  it("hash prints the stored form of a secret read from standard input", async () => {
    const { code, stdout } = await directory(["hash"], "0042\n");
    expect(code).toBe(0);
    await expect(verifySecret("0042", stdout.trim())).resolves.toBe(true);
  });

  it("import refuses an invalid row before writing anything, naming the line", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "neg-directory-")), "bad.csv");
    writeFileSync(file, "telephoneNumber,accountId,accountNumber,pin\n2223331000,a-1,777,12ab\n");
    const { code, stderr } = await directory(["import", file]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("npm run directory: bad.csv:2: pin is required: 1 to 10 digits");
  });

  it("import refuses a CSV with a stray quote before writing anything, naming the line and no value", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "neg-directory-")), "stray.csv");
    // The quote in line 2 used to swallow the rest of the file into one name field, PIN 5555 included.
    writeFileSync(
      file,
      'telephoneNumber,accountId,accountNumber,pin,subscriberName\n2223331000,a-1,777,1111,Jane "JJ Doe\n2223331001,a-1,777,5555,Joe\n',
    );
    const { code, stderr } = await directory(["import", file]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "npm run directory: stray.csv:2: a quote inside an unquoted field (quote the whole field and double the quote)",
    );
    expect(stderr).not.toContain("5555");
  });

  it("import says so when the directory cannot be reached", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "neg-directory-")), "ok.json");
    writeFileSync(
      file,
      JSON.stringify([{ telephoneNumber: "2223331000", accountId: "a", accountNumber: "1", pin: "1" }]),
    );
    const { code, stderr } = await directory(["import", file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^npm run directory: /);
  });

  it("unlock clears a locked number's wrong-PIN count in the local table and records it on the events queue", async () => {
    const db = await startDirectoryDb();
    const emulator = await startEmulator();
    try {
      const queueUrl = await createFifoQueue(emulator.client, "EventsQueue");
      const lockout = dynamodbLockout(db.client, DIRECTORY_TABLE, { maxFailures: 2, windowSeconds: 600 });
      await lockout.recordWrongPins(["+12223331000"], Date.now(), AbortSignal.timeout(5000));
      await lockout.recordWrongPins(["+12223331000"], Date.now(), AbortSignal.timeout(5000));
      const env = { DYNAMODB_PORT: new URL(db.url).port, EMULATOR_PORT: String(emulator.server.port) };
      const unlocked = await directory(["unlock", "2223331000"], "", env);
      expect(unlocked).toMatchObject({ code: 0, stderr: "" });
      const [said, recorded] = unlocked.stdout.trim().split("\n");
      expect(said).toBe("unlocked +12223331000 in PortoutDirectoryTable (local) (2 wrong PINs counted)");
      expect(await lockout.lockedAmong(["+12223331000"], Date.now(), AbortSignal.timeout(5000))).toEqual(
        new Set(),
      );
      const events = (await drain(emulator.client, queueUrl)).map(
        (message) => JSON.parse(message.Body ?? "") as CanonicalEvent,
      );
      expect(events).toHaveLength(1);
      const [event] = events;
      assertValidEvent(event as never);
      expect(recorded).toBe(`recorded as event ${event?.id}`);
      expect(event).toMatchObject({
        type: "port_out.pin_unlocked",
        data: {
          phoneNumbers: ["+12223331000"],
          providerStatus: "PIN_UNLOCKED",
          details: { telephoneNumber: "+12223331000", failures: 2, unlockedBy: expect.stringContaining("@") },
        },
      });
      // Nothing counted, nothing cleared: said so, nothing recorded.
      const again = await directory(["unlock", "+12223331000"], "", env);
      expect(again.stdout.trim()).toBe(
        "+12223331000 had no wrong PINs counted in PortoutDirectoryTable (local)",
      );
      expect(await drain(emulator.client, queueUrl)).toEqual([]);
    } finally {
      await emulator.stop();
      await db.stop();
    }
  });

  it("unlock leaves the count as it is when the events queue cannot be found", async () => {
    const db = await startDirectoryDb();
    try {
      const lockout = dynamodbLockout(db.client, DIRECTORY_TABLE, { maxFailures: 1, windowSeconds: 600 });
      await lockout.recordWrongPins(["+12223331002"], Date.now(), AbortSignal.timeout(5000));
      const { code, stderr } = await directory(["unlock", "+12223331002"], "", {
        DYNAMODB_PORT: new URL(db.url).port,
        EMULATOR_PORT: "1",
      });
      expect(code).toBe(1);
      expect(stderr).toContain("no local queue EventsQueue.fifo");
      expect(await lockout.lockedAmong(["+12223331002"], Date.now(), AbortSignal.timeout(5000))).toEqual(
        new Set(["+12223331002"]),
      );
    } finally {
      await db.stop();
    }
  });

  it("unlock refuses something that is not a telephone number", async () => {
    const { code, stderr } = await directory(["unlock", "12"]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('npm run directory: "12" is not a telephone number');
  });

  it("prints its usage for anything else", async () => {
    const { code, stderr } = await directory(["export"]);
    expect(code).toBe(2);
    expect(stderr).toContain("usage: npm run directory -- import <file.csv|file.json>");
  });
});
