import { InvalidRecordError } from "./records.ts";

type Row = { where: string; row: Record<string, string | undefined> };

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

function readCsv(name: string, text: string): Row[] {
  const lines = parseCsv(text);
  const header = lines.shift()?.map((cell) => cell.trim());
  if (!header?.includes("telephoneNumber"))
    throw new InvalidRecordError(`${name}: the first line must name the fields`);
  return lines
    .map((cells, index) => ({ cells, line: index + 2 }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ""))
    .map(({ cells, line }) => ({
      where: `${name}:${line}`,
      row: Object.fromEntries(header.map((field, i) => [field, cells[i]])),
    }));
}

/** RFC 4180 CSV: commas, double-quoted fields with `""` escapes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ",") endCell();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) endRow();
  return rows;
}
