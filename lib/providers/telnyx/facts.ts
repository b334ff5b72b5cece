import type { CanonicalEventType, CanonicalStatus, NumberResult, OrderKind } from "../../event/canonical.ts";

/** What one family of Telnyx events contributes to the canonical event. */
export interface TelnyxFacts {
  type: CanonicalEventType;
  orderKind: OrderKind;
  /** Telnyx's record type of the order (`number_order`, `porting_order`, `portout`, …). */
  providerOrderType: string | null;
  orderId: string | null;
  status: CanonicalStatus | null;
  providerStatus: string | null;
  phoneNumbers: string[];
  numberResults: NumberResult[];
  customerReference: string | null;
  message: string | null;
  note: string | null;
  details: Record<string, unknown>;
}

/** Facts with every optional part empty, for a family module to fill in. */
export function factsOf(
  fields: Pick<TelnyxFacts, "type" | "orderKind" | "providerOrderType" | "orderId"> & Partial<TelnyxFacts>,
): TelnyxFacts {
  return {
    status: null,
    providerStatus: null,
    phoneNumbers: [],
    numberResults: [],
    customerReference: null,
    message: null,
    note: null,
    details: {},
    ...fields,
  };
}
