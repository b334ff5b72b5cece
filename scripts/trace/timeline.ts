import type { LogRecord } from "../local/logSink.ts";

/**
 * One event's path as lines of text, oldest first: received (route, answer, authentication),
 * normalized, queued or kept in the fallback archive, archived, then every delivery attempt per
 * destination (outcome, HTTP status or error, latency, next retry), dead-lettered, and redriven or
 * replayed — which the log does not say in words: a delivery after a dead letter was redriven, one
 * after a success was replayed.
 */
export function timeline(eventId: string, lines: readonly LogRecord[]): string[] {
  const sorted = [...lines].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const first = sorted.find((line) => line.type !== undefined) ?? sorted[0];
  const header = [
    `event ${eventId}`,
    first?.type,
    first?.orderId ? `order ${String(first.orderId)}` : undefined,
    first?.provider,
    first?.numbers,
  ].filter((part) => part !== undefined && part !== null && part !== "");
  const out = [header.join("  ")];
  const last = new Map<string, string>();
  for (const line of sorted) {
    const stages = stagesOf(line, last);
    for (const [index, stage] of stages.entries()) {
      out.push(`  ${index === 0 ? line.timestamp.replace("T", " ").slice(0, 23) : " ".repeat(23)}  ${stage}`);
    }
  }
  return out;
}

/** A rejected request, as one line: when, which route, the answer and why. */
export function rejectionLine(line: LogRecord): string {
  return `${line.timestamp.replace("T", " ").slice(0, 23)}  ${String(line.route ?? "?")} → ${String(line.status)}  ${String(line.reason ?? line.message)}`;
}

function stagesOf(line: LogRecord, last: Map<string, string>): string[] {
  const route = String(line.route ?? "");
  const normalized = `normalized  ${String(line.type)}${line.eventStatus ? `, status ${String(line.eventStatus)}` : ""}`;
  switch (line.message) {
    case "event queued":
      return [
        `received    POST ${route} → 200 (authenticated)`,
        normalized,
        "queued      on the events queue",
      ];
    case "port-out validation decided":
      return [
        `received    POST ${route} → 200 (authenticated)`,
        `decided     ${line.portable ? "portable" : "not portable"}${codes(line)}, PON ${String(line.pon)}`,
        "queued      on the events queue (audit event)",
      ];
    case "queue unavailable: accepted event kept in the fallback archive":
      return [
        `received    POST ${route} → 200 (authenticated)`,
        normalized,
        `fallback    queue unavailable; kept in ${String(line.key)}`,
      ];
    case "fallback archive failed too":
      return [`failed      queue and fallback archive unavailable → 503`];
    case "recovered from the fallback archive":
      return [`queued      recovered from ${String(line.key)}`];
    case "archived":
      return [archived(line)];
    case "no destination wants this event":
      return ["routed      no destination's filter takes it"];
    case "direct delivery failed: queued for retry through the deliveries queue":
      last.set(String(line.destination), line.message);
      return [
        `failed      → ${String(line.destination)}  sent directly: ${String(line.reason)}; queued for retry`,
      ];
    case "delivered":
    case "delivery failed, will retry":
    case "dead-lettered":
      return [delivery(line, last)];
    default:
      return [
        `${line.level.toLowerCase().padEnd(11)} ${line.message}${line.reason ? `: ${String(line.reason)}` : ""}`,
      ];
  }
}

/**
 * The fan-out's per-batch line: the delivery stream (lib/archive/firehoseArchive.ts), or the object
 * key of the layout before it (one PUT per batch), which older log lines still name.
 */
function archived(line: LogRecord): string {
  if (line.key !== undefined) return `archived    ${String(line.key)}`;
  const records = String(line.recordIds ?? "")
    .split(" ")
    .filter(Boolean).length;
  const events = String(line.eventIds ?? "")
    .split(" ")
    .filter(Boolean).length;
  return `archived    through ${String(line.stream)}, ${records} record(s) for ${events} event(s) of the batch`;
}

function delivery(line: LogRecord, last: Map<string, string>): string {
  const destination = String(line.destination);
  const before = last.get(destination);
  last.set(destination, line.message);
  const again = before === "dead-lettered" ? "redriven, " : before === "delivered" ? "replayed, " : "";
  // A direct send (lib/fanout/deliverDirect.ts) has no attempt count: it is the first, from the fan-out.
  const attempt = line.direct
    ? `${again}sent directly by the fan-out, ${String(line.ms)} ms`
    : `${again}attempt ${String(line.attempts)}, ${String(line.ms)} ms`;
  if (line.message === "delivered") return `delivered   → ${destination}  ${attempt}`;
  if (line.message === "dead-lettered")
    return `dead-letter → ${destination}  ${attempt}: ${String(line.reason)}`;
  const next = new Date(Date.parse(line.timestamp) + Number(line.retryInSeconds) * 1000).toISOString();
  return `failed      → ${destination}  ${attempt}: ${String(line.reason)}; next retry ${next.slice(11, 19)} (in ${String(line.retryInSeconds)} s)`;
}

function codes(line: LogRecord): string {
  return Array.isArray(line.codes) && line.codes.length > 0 ? ` (codes ${line.codes.join(", ")})` : "";
}
