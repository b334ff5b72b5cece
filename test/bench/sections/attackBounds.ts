import { MalformedBodyError } from "../../../lib/errors.ts";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { bandwidthV1NotificationsRoute } from "../../../lib/providers/bandwidth/v1/notificationsRoute.ts";
import { fixture } from "../../helpers/fixtures.ts";
import type { Row } from "../measure.ts";

const REPEATS = 50;
/** The route's body limit: nothing larger reaches the parser. */
const BODY_LIMIT = bandwidthV1NotificationsRoute.maxBodyBytes;

const ATTACKS: Record<string, string> = {
  "billion laughs": fixture("attacks/billion-laughs.xml"),
  "XXE external entity": fixture("attacks/xxe-external-entity.xml"),
  "nesting 10,000 deep (body-limit sized)": `<Notification>${"<a>".repeat(10_000)}</Notification>`,
  "garbage at the body limit": "<".repeat(BODY_LIMIT),
  "unclosed tags at the body limit": `<Notification>${"<Note>x".repeat(BODY_LIMIT / 7)}`,
};

/**
 * The worst time and heap growth for rejecting each hostile body, in-process, repeated: the bound
 * docs/testing.md states ("Hostile input"). Every one of them must be rejected (a
 * MalformedBodyError), or this throws.
 */
export async function attackBounds(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, body] of Object.entries(ATTACKS)) {
    let worst = 0;
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      try {
        normalizeNotification(body, "2026-01-01T00:00:00.000Z");
        throw new Error(`${name} was accepted`);
      } catch (error) {
        if (!(error instanceof MalformedBodyError)) throw error;
      }
      worst = Math.max(worst, performance.now() - started);
    }
    globalThis.gc?.();
    const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1024;
    rows.push({
      id: `attack.${name}`,
      section: "attacks",
      name: `${name} (${Math.round(body.length / 1024)} KiB): worst of ${REPEATS}, heap retained ${Math.max(0, heapGrowth).toFixed(0)} KiB`,
      value: worst,
      unit: "ms",
    });
  }
  return rows;
}
