/** A Telnyx webhook body in the standard `{data, meta}` envelope, for one event type and payload. */
export function telnyxEnvelope(eventType: string, payload: unknown): Buffer {
  return Buffer.from(
    JSON.stringify({
      data: {
        event_type: eventType,
        id: "e-1",
        occurred_at: "2026-01-01T00:00:00Z",
        payload,
        record_type: "event",
      },
      meta: { attempt: 1, delivered_to: "https://example.com" },
    }),
  );
}
