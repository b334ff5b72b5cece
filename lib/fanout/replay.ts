import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { SendsBatches } from "../delivery/deliveryQueue.ts";
import type { FileDestinationConfig } from "../destinations/file.ts";
import type { Destination } from "../destinations/registry.ts";
import type { CanonicalEvent } from "../event/canonical.ts";
import { isCanonicalEvent } from "../event/isCanonicalEvent.ts";
import { fanOutEvent } from "./fanOutEvent.ts";

/**
 * The events a replay argument names: a file holding one canonical event (JSON) or many (JSON
 * lines), or an event id looked up in the JSON-lines files of the configured `file` destinations —
 * the gateway's own record of what it delivered. Throws, saying where it looked, when nothing matches.
 */
export function findEvents(argument: string, destinations: readonly Destination[]): CanonicalEvent[] {
  if (existsSync(argument)) return readEvents(readFileSync(argument, "utf8"), argument);
  const files = destinations
    .filter((destination) => destination.config.type === "file")
    .map((destination) => (destination.config as FileDestinationConfig).path)
    .filter((path) => existsSync(path));
  for (const path of files) {
    const found = readEvents(readFileSync(path, "utf8"), path).find((event) => event.id === argument);
    if (found) return [found];
  }
  throw new Error(
    `"${argument}" is neither a file nor an event id found in ${files.length > 0 ? files.join(", ") : "any file destination"}; pass a file holding the event`,
  );
}

/**
 * Delivers stored events again: each goes to the destinations whose filter it matches (or only to
 * `destination`), as new deliveries that receivers recognise by the unchanged `webhook-id`.
 */
export async function replay(
  events: readonly CanonicalEvent[],
  options: {
    destinations: readonly Destination[];
    client: SendsBatches;
    deliveriesQueueUrl: string;
    destination?: string | undefined;
  },
): Promise<{ eventId: string; destinations: string[] }[]> {
  const destinations = options.destination
    ? options.destinations.filter((destination) => destination.config.name === options.destination)
    : options.destinations;
  if (destinations.length === 0) throw new Error(`no destination named "${options.destination}"`);
  const tag = `replay-${randomUUID()}`;
  const results = [];
  for (const event of events) {
    const names = await fanOutEvent(event, { ...options, destinations }, tag);
    results.push({ eventId: event.id, destinations: names });
  }
  return results;
}

function readEvents(text: string, where: string): CanonicalEvent[] {
  const trimmed = text.trim();
  const values: unknown[] = (() => {
    try {
      return [JSON.parse(trimmed)];
    } catch {
      return trimmed
        .split("\n")
        .filter(Boolean)
        .map((line, index) => {
          try {
            return JSON.parse(line);
          } catch (error) {
            throw new Error(`${where}:${index + 1} is not JSON`, { cause: error });
          }
        });
    }
  })();
  return values.map((value: unknown, index) => {
    if (!isCanonicalEvent(value)) throw new Error(`${where}: entry ${index + 1} is not a canonical event`);
    return value;
  });
}
