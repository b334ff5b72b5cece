import { parseStringPromise } from "xml2js";
import { normalizeNotification } from "../../../lib/providers/bandwidth/v1/normalizeNotification.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { cpuMicrosPerCall, type Row } from "../measure.ts";

const ITERATIONS = 10_000;

/**
 * Our whole Bandwidth v1 normalization (validate, hardened parse, map, E.164, id hash) next to a
 * bare xml2js parse — what Bandwidth's own Node SDK uses — of the same notification.
 */
export async function xmlParsers(): Promise<Row[]> {
  const body = fixture("bandwidth/v1/portins-complete.xml");
  const xml2js = await cpuMicrosPerCall(() => parseStringPromise(body), ITERATIONS);
  const ours = await cpuMicrosPerCall(
    () => normalizeNotification(body, "2026-01-01T00:00:00.000Z"),
    ITERATIONS,
  );
  return [
    {
      id: "xml.xml2js",
      section: "XML",
      name: "xml2js parse only (Bandwidth SDK's parser)",
      value: xml2js,
      unit: "µs/doc",
    },
    {
      id: "xml.normalize",
      section: "XML",
      name: "our full normalization (validate + hardened parse + map + hash)",
      value: ours,
      unit: "µs/doc",
      baseline: { name: "xml2js", ratio: ours / xml2js },
    },
  ];
}
