import { CsvError, parse } from "csv-parse/sync";
import { InvalidRecordError } from "./storedRecords.ts";

type Row = { where: string; row: Record<string, string | undefined> };

/** The fields an import row may have (`SubscriberRecordInput`); a CSV header naming another is refused. */
const FIELDS = new Set([
  "telephoneNumber",
  "accountId",
  "status",
  "accountNumber",
  "pin",
  "zipCode",
  "subscriberName",
]);

/**
 * Reads an import file: JSON (an array of records, or `{"subscribers": [...]}`) or CSV with a header
 * line naming the fields (`telephoneNumber,accountId,status,accountNumber,pin,zipCode,subscriberName`).
 * Values are kept as text, so PINs and ZIPs keep their leading zeros.
 */
export function readImportFile(name: string, text: string): Row[] {
  return name.toLowerCase().endsWith(".json") ? readJson(name, text) : readCsv(name, text);
}

function readJson(name: string, text: string): Row[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidRecordError(`${name}: not valid JSON`, { cause: error });
  }
  const list = Array.isArray(document)
    ? document
    : (document as { subscribers?: unknown } | null)?.subscribers;
  if (!Array.isArray(list))
    throw new InvalidRecordError(`${name}: expected an array of records or {"subscribers": [...]}`);
  return list.map((item, index) => {
    if (typeof item !== "object" || item === null)
      throw new InvalidRecordError(`${name}[${index}]: not an object`);
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      if (typeof value === "string" || typeof value === "number") row[key] = String(value);
    }
    return { where: `${name}[${index}]`, row };
  });
}

/**
 * CSV through csv-parse in its strict RFC 4180 mode (its defaults: no quote inside an unquoted
 * field, nothing after a closing quote, every quoted field closed, every record as long as the
 * header). Any breach is an error naming the line where the bad record starts, and nothing is
 * imported. Messages never quote a value: a value may be a PIN.
 */
function readCsv(name: string, text: string): Row[] {
  const bytes = Buffer.from(text.replace(/^\uFEFF/, ""), "utf8");
  const lineOf = lineCounter(bytes);
  const records: { cells: string[]; line: number }[] = [];
  let endOfLast = 0;
  try {
    parse(bytes, {
      skip_empty_lines: true,
      on_record: (cells: string[], context: { bytes: number }) => {
        records.push({ cells, line: lineOf(endOfLast) });
        endOfLast = context.bytes;
        return null;
      },
    });
  } catch (error) {
    throw new InvalidRecordError(
      `${name}:${lineOf(endOfLast)}: ${csvProblem(error, records[0]?.cells.length)}`,
    );
  }
  const [first, ...rows] = records;
  const header = first?.cells.map((cell) => cell.trim()) ?? [];
  if (!header.includes("telephoneNumber"))
    throw new InvalidRecordError(`${name}: the first line must name the fields`);
  const where = `${name}:${first?.line}`;
  header.forEach((field, i) => {
    if (!FIELDS.has(field)) throw new InvalidRecordError(`${where}: unknown field "${field}"`);
    if (header.indexOf(field) !== i) throw new InvalidRecordError(`${where}: field "${field}" named twice`);
  });
  return rows.map(({ cells, line }) => ({
    where: `${name}:${line}`,
    row: Object.fromEntries(header.map((field, i) => [field, cells[i]])),
  }));
}

/** What went wrong, in words an operator can act on, without the offending value. */
function csvProblem(error: unknown, headerLength: number | undefined): string {
  if (!(error instanceof CsvError)) return "not readable as CSV";
  switch (error.code) {
    case "INVALID_OPENING_QUOTE":
      return "a quote inside an unquoted field (quote the whole field and double the quote)";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "text after a closing quote (double a quote inside a quoted field)";
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const found = (error as CsvError & { record?: unknown[] }).record?.length;
      return `${found} fields where the header names ${headerLength}`;
    }
    default:
      return `not valid CSV (${error.code})`;
  }
}

/**
 * Gives the 1-based line on which the record starting at byte `offset` begins, skipping empty lines
 * as the parser does. Offsets must not decrease from call to call: the file is walked once.
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let line = 1;
  let at = 0;
  const breakLength = (i: number) =>
    bytes[i] === 0x0d ? (bytes[i + 1] === 0x0a ? 2 : 1) : bytes[i] === 0x0a ? 1 : 0;
  return (offset) => {
    for (; at < offset; at++)
      if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] !== 0x0a)) line++;
    for (let length = breakLength(at); length > 0; length = breakLength(at)) {
      at += length;
      line++;
    }
    return line;
  };
}
