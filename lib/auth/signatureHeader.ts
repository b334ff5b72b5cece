import { AuthenticationError } from "../errors.ts";
import { decodeBase64Strict } from "./base64.ts";

/**
 * The bytes of a base64 signature header, or one precise AuthenticationError: missing, not base64,
 * or not the algorithm's signature length (checked before any cryptography runs).
 */
export function signatureBytes(value: string | undefined, header: string, length: number): Buffer {
  if (value === undefined || value.trim() === "") throw new AuthenticationError(`missing ${header} header`);
  const bytes = decodeBase64Strict(value);
  if (bytes === null) throw new AuthenticationError(`${header} is not base64`);
  if (bytes.length !== length) throw new AuthenticationError(`${header} must decode to ${length} bytes`);
  return bytes;
}
