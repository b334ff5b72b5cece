import type { KeyObject } from "node:crypto";
import { ed25519PublicKey } from "../../auth/ed25519.ts";
import { parsedSecret } from "../../config/parsedSecret.ts";

const VARIABLE = "TELNYX_PUBLIC_KEY";

/**
 * The account's webhook signing public key ("Mission Control → Public Keys", base64 of the raw
 * 32-byte Ed25519 key), as a key object built once. Any other length is refused, naming the variable.
 */
export function telnyxPublicKeyLoader(env: NodeJS.ProcessEnv = process.env): () => Promise<KeyObject> {
  return parsedSecret(VARIABLE, (value) => ed25519PublicKey(value, VARIABLE), env);
}
