import type { CallbackUrls } from "./stackOutputs.ts";

/**
 * What the command cannot do through a public API, as exact steps (docs/registering-urls.md has
 * the detail): port-out validation is enabled by Bandwidth support; Subscriptions 2.0 has no
 * subscription resource in Bandwidth's published specs (Bandwidth/api-docs site/specs/numbers_v2.yml
 * covers toll-free verification webhooks only); Telnyx number-order and porting notifications are
 * set per notification profile in the Portal (the command sets `webhook_url` on porting orders in
 * progress: scripts/register/telnyx.ts).
 */
export function manualSteps(urls: CallbackUrls, ssmPrefix: string): string[] {
  return [
    "",
    "Still to do by hand (no public API for these):",
    "  Bandwidth port-out validation: open a support ticket asking for port-out validation callbacks to",
    `    ${urls.BandwidthPortoutValidationUrl}`,
    `    with Basic authentication: the bandwidthUsername parameter and the SSM value ${ssmPrefix}/bandwidth-password.`,
    "  Bandwidth Subscriptions 2.0 (if the account uses it): Bandwidth App → Account → Subscriptions → Create,",
    "    definition Bandwidth_App_Order_Update, callback URL",
    `    ${urls.BandwidthV2NotificationsUrl}`,
    `    HMAC secret = the SSM value ${ssmPrefix}/bandwidth-v2-hmac-secret.`,
    "  Telnyx: Portal → Account settings → Notifications: a notification profile with a webhook channel to",
    `    ${urls.TelnyxNotificationsUrl}`,
    "    with Port In/Out notifications enabled; for number orders, Numbers → Number orders → webhook URL (the same).",
    `    Porting orders in progress get it through the API when ${ssmPrefix}/telnyx-api-key is set (this command).`,
  ];
}
