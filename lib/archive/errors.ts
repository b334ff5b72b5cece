/** The raw archive did not take a batch's requests: the fan-out fails the batch so SQS brings it back. */
export class ArchiveError extends Error {
  override name = "ArchiveError";
  /** The delivery stream that refused them. */
  readonly stream: string;
  constructor(message: string, stream: string, options?: { cause?: unknown }) {
    super(message, options);
    this.stream = stream;
  }
}
