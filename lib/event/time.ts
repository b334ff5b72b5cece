/** A provider timestamp as ISO 8601 UTC (`…Z`, milliseconds), or null when it is not a date. */
export function isoTimeOrNull(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
