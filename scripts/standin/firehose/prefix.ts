/**
 * Evaluates the `!{timestamp:<pattern>}` expressions of a Firehose S3 prefix at `at` (UTC), as
 * Firehose does with the arrival time of the object's oldest record
 * (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html). The pattern is a Java
 * DateTimeFormatter pattern; the letters the template uses are understood (yyyy MM dd HH mm ss),
 * quoted literals ('-') kept. Any other namespace (`!{firehose:…}`, partition keys) is refused: the
 * stand-in has no error output and no dynamic partitioning.
 */
export function evaluatePrefix(prefix: string, at: Date): string {
  return prefix.replace(/!\{([^:}]+):([^}]*)\}/g, (whole, namespace: string, pattern: string) => {
    if (namespace !== "timestamp") throw new Error(`the Firehose stand-in cannot evaluate ${whole}`);
    return formatTimestamp(pattern, at);
  });
}

/** `yyyy-MM-dd-HH-mm-ss` and its parts, in UTC. */
export function formatTimestamp(pattern: string, at: Date): string {
  const iso = at.toISOString();
  const fields: Record<string, string> = {
    yyyy: iso.slice(0, 4),
    MM: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    HH: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
  };
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss|[A-Za-z]/g, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    const value = fields[token];
    if (value === undefined)
      throw new Error(`the Firehose stand-in does not format "${token}" in ${pattern}`);
    return value;
  });
}
