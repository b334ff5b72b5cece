import type { CanonicalEvent } from "../event/canonical.ts";
import { normalizeNotification as normalizeV1 } from "../providers/bandwidth/v1/normalizeNotification.ts";
import { normalizeNotification as normalizeV2 } from "../providers/bandwidth/v2/normalizeNotification.ts";
import { normalizeTelnyxEvent } from "../providers/telnyx/normalizeEvent.ts";

/** One provider's way from its webhook to the consumer queue, as the cost model prices it. */
export interface ProviderPath {
  name: string;
  /** The ingest route (the raw request's `route`). */
  route: string;
  /** Fixture folder under `events/`, and the sample the message size is taken from. */
  fixtures: string;
  sample: string;
  contentType: string;
  normalize(body: Buffer, receivedAt: string): CanonicalEvent;
  /**
   * HTTP requests (and ingest invocations) per event: Bandwidth v1 first sends no credentials and
   * expects the 401 challenge (docs/providers.md), so 2; the signed providers 1.
   */
  httpRequestsPerEvent: number;
  /** BENCHMARKS.json row: the ingest's CPU per request on this machine, µs. */
  cpuRow: string;
  /** Whether the reconciler polls this provider's order lists (Bandwidth only). */
  reconciled: boolean;
}

export const PROVIDER_PATHS: readonly ProviderPath[] = [
  {
    name: "Bandwidth v1",
    route: "bandwidth-v1-notifications",
    fixtures: "bandwidth/v1",
    sample: "portins-complete.xml",
    contentType: "application/xml",
    normalize: (body, receivedAt) => normalizeV1(body.toString("utf8"), receivedAt),
    httpRequestsPerEvent: 2,
    cpuRow: "ingest.cpuMicros",
    reconciled: true,
  },
  {
    name: "Bandwidth v2",
    route: "bandwidth-v2-notifications",
    fixtures: "bandwidth/v2",
    sample: "orders-complete.json",
    contentType: "application/json",
    normalize: normalizeV2,
    httpRequestsPerEvent: 1,
    cpuRow: "bandwidthV2.cpuMicros",
    reconciled: true,
  },
  {
    name: "Telnyx",
    route: "telnyx-notifications",
    fixtures: "telnyx",
    sample: "number-order-complete-full.json",
    contentType: "application/json",
    normalize: normalizeTelnyxEvent,
    httpRequestsPerEvent: 1,
    cpuRow: "telnyx.cpuMicros",
    reconciled: false,
  },
];
