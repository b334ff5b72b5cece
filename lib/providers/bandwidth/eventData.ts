import type { CanonicalEventData, OrderKind } from "../../event/canonical.ts";
import { redactCredentials } from "../../event/redact.ts";
import { BANDWIDTH_CREDENTIAL_FIELDS } from "./credentialFields.ts";
import { canonicalStatusOf } from "./orderTypes.ts";

/**
 * The fields v1 XML notifications and Subscriptions 2.0 JSON events share
 * (docs/providers.md#bandwidth-v1-notification-fields, #bandwidth-v2-what-is-documented).
 */
export interface BandwidthOrderFields {
  orderId: string | null;
  orderType: string | null;
  customerOrderId: string | null;
  status: string | null;
  message: string | null;
  note: string | null;
  /** The whole body as parsed. */
  raw: Record<string, unknown>;
}

/** The canonical `data` of a Bandwidth event, whichever webhook version delivered it; credentials redacted. */
export function bandwidthEventData(
  fields: BandwidthOrderFields,
  extra: {
    orderKind: OrderKind;
    phoneNumbers: string[];
    receivedAt: string;
    details: Record<string, unknown>;
  },
): CanonicalEventData {
  return {
    provider: "bandwidth",
    orderId: fields.orderId,
    orderKind: extra.orderKind,
    providerOrderType: fields.orderType,
    status: fields.status ? canonicalStatusOf(fields.status) : null,
    providerStatus: fields.status,
    phoneNumbers: extra.phoneNumbers,
    customerReference: fields.customerOrderId,
    message: fields.message,
    note: fields.note,
    receivedAt: extra.receivedAt,
    details: redactCredentials(extra.details, BANDWIDTH_CREDENTIAL_FIELDS),
    providerPayload: redactCredentials(fields.raw, BANDWIDTH_CREDENTIAL_FIELDS),
  };
}
