import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { verifySecret } from "../../../lib/portout/secretHash.ts";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Runs `npm run directory -- …`'s entry point for real, with `input` on standard input. */
function directory(args: string[], input = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ["lib/cli/directory.ts", ...args],
      { cwd: ROOT, env: { ...process.env, DYNAMODB_PORT: "1" } },
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
    expect(stderr.trim()).toBe("directory import: bad.csv:2: pin is required: 1 to 10 digits");
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
      "directory import: stray.csv:2: a quote inside an unquoted field (quote the whole field and double the quote)",
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
    expect(stderr).toMatch(/^directory import: /);
  });

  it("prints its usage for anything else", async () => {
    const { code, stderr } = await directory(["export"]);
    expect(code).toBe(2);
    expect(stderr).toContain("usage: npm run directory -- import <file.csv|file.json>");
  });
});
