/**
 * The one structured logger: one JSON line per call, `{"level", "message", …keys}`, the line shape
 * the gateway always wrote (through Powertools Logger until its 20 KiB and setup weighed on every
 * function's cold start, issue 15). Nothing else goes in a line:
 * - no time: CloudWatch Logs stamps every log event when Lambda captures it (`@timestamp` in Logs
 *   Insights), and `npm start`'s log sink stamps its records the same way (scripts/local/logSink.ts);
 * - no service, sampling rate or trace id: one service, no sampling, X-Ray off.
 * CloudWatch Logs bills every byte it ingests (lib/cost/model.ts).
 *
 * Never pass secrets, PINs or Authorization headers to it.
 */

/**
 * Lambda's application log levels (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html),
 * and SILENT, which only tests and benches use.
 */
const LEVELS = { TRACE: 4, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, FATAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof LEVELS;

type Attributes = Record<string, unknown>;
type Method = "debug" | "info" | "warn" | "error";

/**
 * Where a line goes. In Lambda, straight to stdout or stderr: Lambda's Node runtime rewrites what
 * goes through `console` (with the JSON log format, it wraps the text in a JSON object of its own),
 * while what is written to the streams reaches CloudWatch as it is. With `LOG_TO_CONSOLE=true` (set by
 * `npm start`), through the global console, whose level methods its log sink replaces to collect the lines.
 */
function writer(method: Method): (line: string) => void {
  if (process.env.LOG_TO_CONSOLE === "true") {
    return (line) => console[method](line);
  }
  const stream = method === "warn" || method === "error" ? process.stderr : process.stdout;
  return (line) => stream.write(`${line}\n`);
}

/**
 * An error as a line shows it: name, where it was thrown, message, stack, its cause (the same way),
 * and its own fields (an AWS error's code, an HTTP status). The keys Powertools wrote, so queries on
 * `error.name` or `error.location` keep working.
 */
function errorOf(error: Error): Attributes {
  const { name, message, stack, cause, ...fields } = error as Error & Attributes;
  return {
    name,
    location: locationOf(stack),
    message,
    stack,
    cause: cause instanceof Error ? errorOf(cause) : cause,
    ...fields,
  };
}

/** `file.js:12` from the first stack frame that names a file and line. */
function locationOf(stack: unknown): string {
  if (typeof stack !== "string") return "";
  for (const frame of stack.split("\n")) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(frame);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return "";
}

/** JSON.stringify's replacer: errors as {@link errorOf}, big integers as text, a circular reference left out. */
function replacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? errorOf(value) : value;
    if (typeof replaced === "bigint") return replaced.toString();
    if (typeof replaced === "object" && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

function levelOf(name: string | undefined): LogLevel {
  const upper = name?.toUpperCase();
  return upper !== undefined && upper in LEVELS ? (upper as LogLevel) : "INFO";
}

/**
 * The level lines start at. In Lambda, `AWS_LAMBDA_LOG_LEVEL`, which Lambda sets from the function's
 * application log level (serverless.yml `provider.logs.lambda.applicationLogLevel`, the `logLevel` stage
 * parameter) and by which it drops lines itself: a line below it is not even built. Elsewhere (`npm start`,
 * the operator commands, tests) `LOG_LEVEL`. INFO when neither is set or known.
 */
function initialLevel(): LogLevel {
  return levelOf(process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL);
}

export class Logger {
  #threshold: number = LEVELS[initialLevel()];
  readonly #write = {
    debug: writer("debug"),
    info: writer("info"),
    warn: writer("warn"),
    error: writer("error"),
  };

  /** Lines below `level` are not written (INFO when unknown). */
  setLogLevel(level: string): void {
    this.#threshold = LEVELS[levelOf(level)];
  }

  debug(message: string, attributes?: Attributes): void {
    this.#line("DEBUG", "debug", message, attributes);
  }

  info(message: string, attributes?: Attributes): void {
    this.#line("INFO", "info", message, attributes);
  }

  warn(message: string, attributes?: Attributes): void {
    this.#line("WARN", "warn", message, attributes);
  }

  error(message: string, attributes?: Attributes): void {
    this.#line("ERROR", "error", message, attributes);
  }

  #line(level: LogLevel, method: Method, message: string, attributes: Attributes = {}): void {
    if (LEVELS[level] < this.#threshold) return;
    // The line's own keys cannot replace its level or message.
    const { level: _level, message: _message, ...keys } = attributes;
    this.#write[method](JSON.stringify({ level, message, ...keys }, replacer()));
  }
}

export const logger = new Logger();
