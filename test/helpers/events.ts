import { buildEvent, type CanonicalEvent } from "../../lib/event/canonical.ts";

/**
 * A canonical event of order `orderId`, the `sequence`-th of that order: what the normalizers
 * produce, in bulk, for tests about many events and orders.
 */
export function orderEvent(
  orderId: string,
  sequence: number,
  overrides: Partial<CanonicalEvent["data"]> = {},
) {
  return buildEvent({
    id: `evt-${orderId}-${sequence}`,
    source: "telnyx",
    type: "port_in.status_changed",
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
    data: {
      provider: "telnyx",
      orderId,
      orderKind: "port_in",
      providerOrderType: "porting_order",
      status: "processing",
      providerStatus: "in-process",
      phoneNumbers: ["+13125550100"],
      customerReference: null,
      message: null,
      note: null,
      receivedAt: "2026-01-01T00:00:00.000Z",
      details: { sequence },
      providerPayload: {},
      ...overrides,
    },
  });
}

/** Ids of the events in the bodies of received messages, in arrival order. */
export function idsOf(bodies: readonly string[]): string[] {
  return bodies.map((body) => (JSON.parse(body) as CanonicalEvent).id);
}
