import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { findArchived } from "../../lib/archive/archiveReader.ts";
import { sdkSendMessageBatch } from "../../lib/aws/sqsClient.ts";
import { redrive } from "../../lib/delivery/redrive.ts";
import type { Destination } from "../../lib/destinations/registry.ts";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import { findEvents, replay } from "../../lib/fanout/replay.ts";
import type { RawRequest } from "../../lib/http/rawRequest.ts";
import { reingest } from "../../lib/ingest/reingest.ts";
import { ROUTES } from "../../lib/providers/routes.ts";
import { readLocalRecords } from "../trace/localRecords.ts";
import { linesOf } from "../trace/select.ts";
import { timeline } from "../trace/timeline.ts";
import { webhookList } from "./webhookList.ts";

export interface ConsoleDeps {
  recordsFile: string;
  destinations: readonly Destination[];
  sqs: SQSClient;
  s3: S3Client;
  archiveBucket: string;
  deliveriesQueueUrl: string;
  deadLetterQueueUrl: string;
}

const PAGE = readFileSync(new URL("./console.html", import.meta.url), "utf8");
/** The console shows the last day, like `npm run trace`'s default. */
const WINDOW_MS = 24 * 3_600_000;

/**
 * The local console (`npm start` only, never a route in serverless.yml): the page at `/_console`
 * and its JSON API. Returns false for a path that is not the console's.
 */
export function consoleHandler(deps: ConsoleDeps) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (!path.startsWith("/_console")) return false;
    try {
      if (req.method === "GET" && (path === "/_console" || path === "/_console/")) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      } else if (req.method === "GET" && path === "/_console/api/webhooks") {
        send(res, 200, await overview(deps));
      } else if (req.method === "GET" && path.startsWith("/_console/api/webhooks/")) {
        send(res, 200, await detail(deps, decodeURIComponent(path.slice("/_console/api/webhooks/".length))));
      } else if (req.method === "POST" && path === "/_console/api/replay") {
        const { eventId, destination } = (await body(req)) as { eventId: string; destination: string };
        const event = canonicalEvent(deps, eventId, await archived(deps, eventId));
        if (!event) throw new Error(`event ${eventId} is in no file destination and not archived yet`);
        const [result] = await replay([event], {
          destinations: deps.destinations,
          client: sdkSendMessageBatch(deps.sqs),
          deliveriesQueueUrl: deps.deliveriesQueueUrl,
          destination,
        });
        send(res, 200, { replayed: result?.destinations ?? [] });
      } else if (req.method === "POST" && path === "/_console/api/redrive") {
        const { destination } = (await body(req)) as { destination: string };
        const result = await redrive({
          client: deps.sqs,
          deadLetterQueueUrl: deps.deadLetterQueueUrl,
          deliveriesQueueUrl: deps.deliveriesQueueUrl,
          destination,
          dryRun: false,
          holdSeconds: 5,
        });
        send(res, 200, { redriven: result.selected.length });
      } else {
        send(res, 404, { error: "not found" });
      }
    } catch (error) {
      // A local tool: the operator sees the reason in the page.
      send(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return true;
  };
}

async function recent(deps: ConsoleDeps) {
  return (await readLocalRecords(deps.recordsFile, new Date(Date.now() - WINDOW_MS))) ?? [];
}

async function overview(deps: ConsoleDeps) {
  const { webhooks, pipeline } = webhookList(await recent(deps));
  const { Attributes = {} } = await deps.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: deps.deadLetterQueueUrl,
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return {
    webhooks: webhooks.slice(0, 200),
    pipeline: { ...pipeline, deadLetterDepth: Number(Attributes.ApproximateNumberOfMessages ?? 0) },
    destinations: deps.destinations.map((destination) => destination.config.name),
  };
}

async function detail(deps: ConsoleDeps, eventId: string) {
  const lines = linesOf(await recent(deps), eventId);
  const raw = await archived(deps, eventId);
  return {
    eventId,
    timeline: timeline(eventId, lines),
    event: canonicalEvent(deps, eventId, raw),
    raw: raw ? readable(raw) : null,
  };
}

/** The archived request with its body as text (provider bodies are XML or JSON), for reading. */
function readable({ bodyBase64, ...rest }: RawRequest) {
  return { ...rest, body: Buffer.from(bodyBase64, "base64").toString("utf8") };
}

/** The archived request; the archive never holds credentials (lib/http/rawRequest.ts drops them). */
function archived(deps: ConsoleDeps, eventId: string): Promise<RawRequest | undefined> {
  return findArchived(deps.s3, deps.archiveBucket, eventId, new Date(Date.now() - WINDOW_MS));
}

/** The event as delivered to a file destination, or else normalized again from its archived request. */
function canonicalEvent(
  deps: ConsoleDeps,
  eventId: string,
  raw: RawRequest | undefined,
): CanonicalEvent | null {
  try {
    return findEvents(eventId, deps.destinations)[0] ?? null;
  } catch {
    // In no file destination: the archived request says the same (port-out decisions are not archived).
    return raw && ROUTES[raw.route] ? reingest(raw, ROUTES) : null;
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
