import { CredentialFields } from "../../event/redact.ts";

/**
 * Fields Telnyx's public types mark as PINs, passcodes, account numbers or similar proofs of
 * ownership, kept out of every canonical event (`providerPayload` and `details`).
 * Sources: team-telnyx/telnyx-node.
 */
export const TELNYX_CREDENTIAL_FIELDS = new CredentialFields([
  // `src/resources/portouts/events.ts` `WebhookPortoutStatusChanged.Payload.attempted_pin`:
  // "The PIN that was attempted to be used to authorize the port out".
  "attempted_pin",
  // `src/resources/porting-orders/porting-orders.ts` `PortingOrderEndUserAdmin`: `pin_passcode`
  // ("PIN/passcode possibly required by the old service provider"), `account_number` ("The authorized
  // person's account number with the current service provider"), `tax_identifier` (EU tax id used
  // to authorize a port).
  "pin_passcode",
  "account_number",
  "tax_identifier",
  // `src/resources/porting-orders/verification-codes.ts`, `messaging-hosted-number-orders`: codes that
  // prove ownership of a number.
  "verification_codes",
]);
