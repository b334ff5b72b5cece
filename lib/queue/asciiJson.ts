/**
 * JSON text with every non-ASCII character written as a `\uXXXX` escape: the same JSON value, in
 * characters any SQS endpoint accepts. SQS allows only a subset of Unicode in message bodies, and the
 * embedded emulator rejects characters outside the Basic Multilingual Plane (emoji in a Telnyx
 * comment) that AWS accepts
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
