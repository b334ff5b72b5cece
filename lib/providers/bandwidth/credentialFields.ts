import { CredentialFields } from "../../event/redact.ts";

/**
 * Fields Bandwidth's public types mark as PINs, passwords or account numbers, kept out of every
 * canonical event (`providerPayload` and `details`). Order notifications do not carry them today;
 * the list guards the payloads that quote an order. Sources: Bandwidth/api-docs `site/specs/numbers.yml`.
 */
export const BANDWIDTH_CREDENTIAL_FIELDS = new CredentialFields([
  // `WirelessInfo.AccountNumber` / `PinNumber` of port-ins and LSR orders: "sometimes required to
  // authorize the port-out from the losing carrier" (`LnpOrderAdditionalFields`, `LsrOrderPayload`).
  "AccountNumber",
  "PinNumber",
  // `Pin`: "The personal identifier number the subscriber has associated with his or her account"
  // (`ManualPortOutRequest`, `BulkPortout`; also the port-out validation request, `portoutWebhook.md`).
  "Pin",
  // CSR orders: `EndUserPIN` "the end user's personal identification number (PIN)", `EndUserPassword`
  // "the end user's password to access the CSR" (`Csr`, `CsrResponse`).
  "EndUserPIN",
  "EndUserPassword",
  // Subscription callback credentials (`CallbackCreds.Password`, `BasicAuthenticationCredentials`).
  "Password",
]);
