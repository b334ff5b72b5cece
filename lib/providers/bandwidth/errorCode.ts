/** Bandwidth messages often start with an error code: `5005: The telephone number is unavailable…`. */
const CODED_MESSAGE = /^(\d{3,6}):\s/;

/** The error code a Bandwidth message starts with, if any. */
export function errorCodeOf(message: string | null): string | undefined {
  return message ? CODED_MESSAGE.exec(message)?.[1] : undefined;
}
