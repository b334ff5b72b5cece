/** `{ "Fn::GetAtt": [EventsQueue, Arn] }` or `{ Ref: EventsQueue }` → `EventsQueue`. */
export function logicalIdOf(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    const getAtt = (value as Record<string, unknown>)["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
    const ref = (value as Record<string, unknown>).Ref;
    if (typeof ref === "string") return ref;
  }
  throw new Error(`serverless.yml: expected Ref or Fn::GetAtt, got ${JSON.stringify(value)}`);
}
