import { createPrivateKey } from "node:crypto";
import { TelnyxWebhook } from "telnyx/lib/webhooks";
import nacl from "tweetnacl";
import { ed25519PublicKey, verifyEd25519 } from "../../../lib/auth/ed25519.ts";
import { DEV_TELNYX_PRIVATE_KEY_PEM, DEV_TELNYX_PUBLIC_KEY } from "../../../scripts/local/devKeys.ts";
import { telnyxHeaders } from "../../../scripts/simulate/sign.ts";
import { fixture } from "../../helpers/fixtures.ts";
import type { Row } from "../measure.ts";

const ITERATIONS = 3_000;

/**
 * Telnyx Ed25519 verification, wall time per webhook: ours (node:crypto, key object built once per
 * cold start), the Telnyx Node SDK's own `TelnyxWebhook.verify` (WebCrypto, key imported per call),
 * and tweetnacl (what Telnyx SDKs up to v5 used). Same body, same signature, same run.
 */
export async function ed25519Libraries(): Promise<Row[]> {
  const body = fixture("telnyx/number-order-complete.json");
  const headers = telnyxHeaders(Buffer.from(body), createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM), new Date());
  const key = ed25519PublicKey(DEV_TELNYX_PUBLIC_KEY, "TELNYX_PUBLIC_KEY");
  const timestamp = headers["telnyx-timestamp"] ?? "";
  const signature = headers["telnyx-signature-ed25519"] ?? "";
  const message = new Uint8Array(Buffer.from(`${timestamp}|${body}`));
  const signatureBytes = new Uint8Array(Buffer.from(signature, "base64"));
  const rawKey = new Uint8Array(Buffer.from(DEV_TELNYX_PUBLIC_KEY, "base64"));
  const sdk = new TelnyxWebhook(DEV_TELNYX_PUBLIC_KEY);

  const ours = await microsPerCall(() =>
    verifyEd25519({ key, signature, message: Buffer.from(message), header: "telnyx-signature-ed25519" }),
  );
  const telnyxSdk = await microsPerCall(() => sdk.verify(body, headers));
  const tweetnacl = await microsPerCall(() => {
    if (!nacl.sign.detached.verify(message, signatureBytes, rawKey))
      throw new Error("tweetnacl rejected the signature");
  });
  const section = "Ed25519";
  return [
    {
      id: "ed25519.ours",
      section,
      name: "ours: node:crypto, key built once",
      value: ours,
      unit: "µs/verify",
    },
    {
      id: "ed25519.telnyxSdk",
      section,
      name: "Telnyx Node SDK TelnyxWebhook.verify (WebCrypto)",
      value: telnyxSdk,
      unit: "µs/verify",
      baseline: { name: "ours", ratio: telnyxSdk / ours },
    },
    {
      id: "ed25519.tweetnacl",
      section,
      name: "tweetnacl nacl.sign.detached.verify",
      value: tweetnacl,
      unit: "µs/verify",
      baseline: { name: "ours", ratio: tweetnacl / ours },
    },
  ];
}

/** Wall microseconds per call (async work included), after a warm-up. */
async function microsPerCall(fn: () => unknown): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  return ((performance.now() - started) * 1000) / ITERATIONS;
}
