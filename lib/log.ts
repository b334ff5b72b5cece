import { LogFormatter, Logger, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";

/**
 * Powertools' line without the keys that say nothing here: `service` (one service; the log group
 * names the function), `sampling_rate` (always 0), `xray_trace_id` (X-Ray is off) and `timestamp`:
 * CloudWatch Logs stamps every log event when Lambda captures it (`@timestamp` in Logs Insights),
 * and `npm start`'s log sink stamps its records the same way (scripts/local/logSink.ts). About 140 B
 * less per line, and CloudWatch Logs bills every byte it ingests (lib/cost/model.ts).
 */
class CompactLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: { level: attributes.logLevel, message: attributes.message },
    }).addAttributes(additional);
  }
}

/**
 * The one structured logger (JSON lines, CloudWatch-friendly). Level from `POWERTOOLS_LOG_LEVEL`.
 * Never pass secrets, PINs or Authorization headers to it.
 */
export const logger = new Logger({
  serviceName: "number-events-gateway",
  logFormatter: new CompactLogFormatter(),
});
