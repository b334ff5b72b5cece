import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { logicalIdOf } from "./logicalId.ts";

/** An HTTP route as `serverless.yml` declares it. */
export interface RouteSpec {
  functionName: string;
  method: string;
  path: string;
  handler: HandlerRef;
  timeoutSeconds: number;
}

/** An SQS event source as `serverless.yml` declares it. */
export interface QueueConsumerSpec {
  functionName: string;
  /** The logical id of the queue resource (`EventsQueue`). */
  queue: string;
  batchSize: number;
  handler: HandlerRef;
  timeoutSeconds: number;
  /**
   * The handler sets the visibility of the records it fails itself (its retry delay), as Lambda
   * leaves it; listed in `custom.localRuntime.handlerManagedVisibility`.
   */
  managesVisibility: boolean;
}

/** A queue resource, with the properties the emulator needs. */
export interface QueueSpec {
  logicalId: string;
  fifo: boolean;
  properties: Record<string, unknown>;
}

/** A scheduled function (`schedule: rate(5 minutes)`). */
export interface ScheduleSpec {
  functionName: string;
  everySeconds: number;
  handler: HandlerRef;
  timeoutSeconds: number;
}

/** `functions/fanout.handler` → file `functions/fanout.ts`, export `handler`. */
export interface HandlerRef {
  file: string;
  exportName: string;
}

/** A DynamoDB table resource: its key schema is all the embedded DynamoDB needs. */
export interface TableSpec {
  logicalId: string;
  properties: Record<string, unknown>;
}

/** A DirectPut Firehose delivery stream to an S3 bucket of the template (the raw archive). */
export interface DeliveryStreamSpec {
  logicalId: string;
  /** The logical id of its destination bucket (`BucketARN: Fn::GetAtt: [ArchiveBucket, Arn]`). */
  bucket: string;
  prefix: string;
  intervalSeconds: number;
  sizeMb: number;
}

export interface ServiceTemplate {
  /** The `service` name: deployed functions are `<service>-<stage>-<function>`. */
  service: string;
  routes: RouteSpec[];
  consumers: QueueConsumerSpec[];
  queues: QueueSpec[];
  tables: TableSpec[];
  /** Logical ids of the S3 buckets. */
  buckets: string[];
  deliveryStreams: DeliveryStreamSpec[];
  schedules: ScheduleSpec[];
  /** Per function, its `environment` block with `Ref`s left for the runtime to resolve. */
  environment: Record<string, Record<string, unknown>>;
}

const DEFAULT_TIMEOUT_SECONDS = 6;

/**
 * Reads what the local runtime needs from `serverless.yml`: routes, SQS event sources, queue
 * resources and function environments. The deployed and local pipelines come from one file (and
 * the `${file(...)}` parts its `resources` includes).
 */
export function readServiceTemplate(path: string): ServiceTemplate {
  const document = parseYaml(readFileSync(path, "utf8")) as Record<string, unknown>;
  const functions = (document.functions ?? {}) as Record<string, Record<string, unknown>>;
  const resources = resourcesOf(document.resources, dirname(path));
  const template: ServiceTemplate = {
    service: String(document.service ?? ""),
    routes: [],
    consumers: [],
    queues: [],
    tables: [],
    buckets: [],
    deliveryStreams: [],
    schedules: [],
    environment: {},
  };
  const params = (document.params as { default?: Record<string, unknown> } | undefined)?.default ?? {};
  const custom = (document.custom ?? {}) as { localRuntime?: { handlerManagedVisibility?: string[] } };
  const managingVisibility = new Set(custom.localRuntime?.handlerManagedVisibility ?? []);
  for (const [functionName, fn] of Object.entries(functions)) {
    const handler = handlerRef(String(fn.handler));
    const timeoutSeconds = typeof fn.timeout === "number" ? fn.timeout : DEFAULT_TIMEOUT_SECONDS;
    template.environment[functionName] = (fn.environment ?? {}) as Record<string, unknown>;
    for (const event of (fn.events ?? []) as Record<string, Record<string, unknown>>[]) {
      if (event.httpApi) {
        const { method, path: routePath } = event.httpApi as { method: string; path: string };
        template.routes.push({
          functionName,
          method: method.toUpperCase(),
          path: routePath,
          handler,
          timeoutSeconds,
        });
      }
      if (event.schedule) {
        const { rate, enabled } =
          typeof event.schedule === "string" ? { rate: event.schedule } : event.schedule;
        if (withDefaultParams(enabled ?? true, params) !== "false") {
          template.schedules.push({
            functionName,
            everySeconds: rateSeconds(withDefaultParams(rate, params)),
            handler,
            timeoutSeconds,
          });
        }
      }
      if (event.sqs) {
        template.consumers.push({
          functionName,
          queue: logicalIdOf(event.sqs.arn),
          batchSize: typeof event.sqs.batchSize === "number" ? event.sqs.batchSize : 10,
          handler,
          timeoutSeconds,
          managesVisibility: managingVisibility.has(functionName),
        });
      }
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === "AWS::DynamoDB::Table") {
      template.tables.push({ logicalId, properties: resource.Properties ?? {} });
    }
    if (resource.Type === "AWS::S3::Bucket") template.buckets.push(logicalId);
    if (resource.Type === "AWS::KinesisFirehose::DeliveryStream") {
      template.deliveryStreams.push(deliveryStreamSpec(logicalId, resource.Properties ?? {}, params));
    }
    if (resource.Type !== "AWS::SQS::Queue") continue;
    const properties = resource.Properties ?? {};
    template.queues.push({ logicalId, fifo: properties.FifoQueue === true, properties });
  }
  return template;
}

/** The S3 destination of a delivery stream, with Firehose's buffering defaults (300 s, 5 MB). */
function deliveryStreamSpec(
  logicalId: string,
  properties: Record<string, unknown>,
  params: Record<string, unknown>,
): DeliveryStreamSpec {
  const destination = properties.ExtendedS3DestinationConfiguration as Record<string, unknown> | undefined;
  if (!destination) throw new Error(`serverless.yml: ${logicalId} has no ExtendedS3DestinationConfiguration`);
  const hints = (destination.BufferingHints ?? {}) as Record<string, unknown>;
  return {
    logicalId,
    bucket: logicalIdOf(destination.BucketARN),
    prefix: String(destination.Prefix ?? ""),
    intervalSeconds: Number(withDefaultParams(hints.IntervalInSeconds ?? 300, params)),
    sizeMb: Number(withDefaultParams(hints.SizeInMBs ?? 5, params)),
  };
}

type Resources = Record<string, { Type?: string; Properties?: Record<string, unknown> }>;

/**
 * The `Resources` of a `resources` block: one object, or a list of parts that Serverless merges in
 * order, each inline or an include such as `${file(serverless/iam.yml)}` (relative to `baseDir`).
 * https://www.serverless.com/framework/docs/providers/aws/guide/resources
 */
function resourcesOf(block: unknown, baseDir: string): Resources {
  const parts = Array.isArray(block) ? block : [block];
  const merged: Resources = {};
  for (const part of parts) {
    const include = typeof part === "string" ? /^\$\{file\(([^):]+)\)\}$/.exec(part) : null;
    if (typeof part === "string" && !include)
      throw new Error(`serverless.yml: unsupported resources part ${part}`);
    const document = include?.[1]
      ? (parseYaml(readFileSync(resolve(baseDir, include[1]), "utf8")) as unknown)
      : part;
    Object.assign(merged, (document as { Resources?: Resources } | undefined)?.Resources);
  }
  return merged;
}

/** `${param:name}` inside a value replaced by the template's `params.default` value (stage overrides are for AWS). */
function withDefaultParams(value: unknown, params: Record<string, unknown>): string {
  return String(value).replace(/\$\{param:(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** `rate(5 minutes)` → 300. */
function rateSeconds(rate: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days|second|seconds)\)$/.exec(rate);
  if (!match) throw new Error(`serverless.yml: unsupported schedule ${rate}`);
  const units: Record<string, number> = { day: 86_400, hour: 3600, minute: 60, second: 1 };
  const unit = units[match[2]?.replace(/s$/, "") ?? ""] ?? 1;
  return Number(match[1]) * unit;
}

function handlerRef(handler: string): HandlerRef {
  const dot = handler.lastIndexOf(".");
  return { file: `${handler.slice(0, dot)}.ts`, exportName: handler.slice(dot + 1) };
}
