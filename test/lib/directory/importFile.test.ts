import { describe, expect, it } from "vitest";
import { readImportFile } from "../../../lib/directory/importFile.ts";
import { verifySecret } from "../../../lib/directory/secretHash.ts";
import { InvalidRecordError, toStoredRecords } from "../../../lib/directory/storedRecords.ts";

describe("readImportFile", () => {
  it("reads CSV with a header line, quoted fields, CRLF and leading zeros", () => {
    const rows = readImportFile(
      "dir.csv",
      'telephoneNumber,accountId,accountNumber,pin,zipCode,subscriberName\r\n9195551234,a-2,AC-555,0042,02154,"O\'Brien, ""JJ"""\r\n\r\n',
    );
    expect(rows).toEqual([
      {
        where: "dir.csv:2",
        row: {
          telephoneNumber: "9195551234",
          accountId: "a-2",
          accountNumber: "AC-555",
          pin: "0042",
          zipCode: "02154",
          subscriberName: 'O\'Brien, "JJ"',
        },
      },
    ]);
  });

  it("reads JSON as an array or as {subscribers: [...]}", () => {
    const record = { telephoneNumber: "2223331000", accountId: "a", accountNumber: "777", pin: "1111" };
    expect(readImportFile("d.json", JSON.stringify([record]))[0]?.row).toEqual(record);
    expect(readImportFile("d.json", JSON.stringify({ subscribers: [record] }))[0]?.where).toBe("d.json[0]");
  });

  const HEADER = "telephoneNumber,accountId,accountNumber,pin,subscriberName\n";
  it.each([
    [
      "a stray quote inside a cell",
      `${HEADER}2223331000,a-1,777,1111,Jane "JJ" Doe\n2223331001,a-1,777,2222,Joe\n`,
      "d.csv:2: a quote inside an unquoted field (quote the whole field and double the quote)",
    ],
    [
      "text after a closing quote",
      `${HEADER}2223331000,a-1,777,1111,"Jane" Doe\n2223331001,a-1,777,2222,Joe\n`,
      "d.csv:2: text after a closing quote (double a quote inside a quoted field)",
    ],
    [
      "an unterminated quote",
      `${HEADER}2223331000,a-1,777,1111,Jane\n2223331001,a-1,777,2222,"Joe\n2223331002,a-1,777,3333,Ann\n`,
      "d.csv:3: a quoted field is never closed",
    ],
    [
      "a row with more fields than the header",
      `${HEADER}2223331000,a-1,777,1111,Jane,extra\n`,
      "d.csv:2: 6 fields where the header names 5",
    ],
    [
      "a row with fewer fields than the header",
      `${HEADER}2223331000,a-1,777,1111,Jane\n2223331001,a-1,777\n`,
      "d.csv:3: 3 fields where the header names 5",
    ],
    [
      "a header naming an unknown field",
      "telephoneNumber,PIN\n2223331000,1111\n",
      'd.csv:1: unknown field "PIN"',
    ],
    [
      "a header naming a field twice",
      "telephoneNumber,pin,pin\n2223331000,1,2\n",
      'd.csv:1: field "pin" named twice',
    ],
  ])("refuses CSV with %s, naming the line and never a value", (_, text, message) => {
    const error = (() => {
      try {
        readImportFile("d.csv", text);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as Error).message).toBe(message);
  });

  it.each([
    ["d.json", "{nope", /not valid JSON/],
    ["d.json", '{"x": 1}', /expected an array/],
    ["d.csv", "a,b\n1,2", /first line must name the fields/],
  ])("refuses %s %j", (name, text, reason) => {
    expect(() => readImportFile(name, text)).toThrow(reason);
  });
});

describe("toStoredRecords", () => {
  const base = { telephoneNumber: "2223331000", accountId: "a-1", accountNumber: "77-7", pin: "1111" };

  it("stores E.164 numbers and hashes, never the clear PIN or account number", async () => {
    const [record] = await toStoredRecords([{ where: "x", row: { ...base, zipCode: "62025" } }], new Date(0));
    expect(record).toMatchObject({
      telephoneNumber: "+12223331000",
      accountId: "a-1",
      status: "active",
      zipCode: "62025",
      updatedAt: "1970-01-01T00:00:00.000Z",
    });
    expect(JSON.stringify(record)).not.toMatch(/1111|77-7|777/);
    await expect(verifySecret("1111", record?.pinHash ?? "")).resolves.toBe(true);
    await expect(verifySecret("777", record?.accountNumberHash ?? "")).resolves.toBe(true);
  });

  it("hashes each account's secrets once for all its numbers", async () => {
    const records = await toStoredRecords([
      { where: "1", row: base },
      { where: "2", row: { ...base, telephoneNumber: "2223331001", status: "inactive" } },
    ]);
    expect(records[1]?.pinHash).toBe(records[0]?.pinHash);
    expect(records[1]?.status).toBe("inactive");
  });

  it.each([
    [{ telephoneNumber: "123" }, /x: telephoneNumber/],
    [{ accountId: "" }, /x: accountId is required/],
    [{ status: "ported" }, /x: status must be/],
    [{ accountNumber: undefined }, /x: accountNumber is required/],
    [{ pin: "12ab" }, /x: pin is required: 1 to 10 digits/],
  ])("refuses a row with %o, naming where it is", async (change, reason) => {
    await expect(toStoredRecords([{ where: "x", row: { ...base, ...change } }])).rejects.toThrow(
      InvalidRecordError,
    );
    await expect(toStoredRecords([{ where: "x", row: { ...base, ...change } }])).rejects.toThrow(reason);
  });
});
