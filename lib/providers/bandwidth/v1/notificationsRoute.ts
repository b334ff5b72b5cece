import { type BasicCredentials, requireAuthorization } from "../../../auth/basic.ts";
import { decodeUtf8 } from "../../../http/utf8.ts";
import type { IngestRoute } from "../../ingestRoute.ts";
import { verifyBandwidthBasic } from "./credentials.ts";
import { normalizeNotification } from "./normalizeNotification.ts";

/**
 * `POST /bandwidth/v1/notifications`: order and event notifications, XML, HTTP Basic with the
 * RFC 7235 challenge. Bandwidth never retries these (docs/providers.md#bandwidth-v1-delivery).
 */
export const bandwidthV1NotificationsRoute: IngestRoute<BasicCredentials> = {
  name: "bandwidth-v1-notifications",
  providerRetries: false,
  // The largest v1 notification is a port-in completion listing every number: stand-alone port-ins
  // take up to 5,000 numbers (Bandwidth api-docs `site/docs/numbers/porting/port-ins/stand-alone-port-ins/about.mdx`),
  // about 270 KB in the layout of `site/docs/numbers/orderWebhook.md`. 512 KiB leaves room for
  // E.164 numbers, a long message or note, and wider indentation.
  maxBodyBytes: 512 * 1024,
  contentTypes: ["application/xml", "text/xml"],
  challenge: (request) => requireAuthorization(request.headers.authorization),
  authenticate: (request, credentials) => verifyBandwidthBasic(request.headers.authorization, credentials),
  normalize: (request) => normalizeNotification(decodeUtf8(request.rawBody), request.receivedAt),
};
