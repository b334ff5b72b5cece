/**
 * `npm run trace -- <event id | order id | telephone number | PON> [--since 24h] [--until <time>]`:
 * what happened to each matching webhook, stage by stage. `npm run trace -- --rejected` lists the
 * requests answered 4xx, with their route and reason.
 *
 * Locally it reads the lines `npm start` recorded in `<LOCAL_DATA_DIR>/log.jsonl`. With
 * `--stage <stage>` it runs CloudWatch Logs Insights queries over the stack's function log groups
 * (the same JSON lines; queries are billed per GB scanned, nothing per event), with your usual AWS
 * credentials and region.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { LogRecord } from "../local/logSink.ts";
import { localDataDir } from "../local/names.ts";
import { recordsFileIn } from "../local/recordsFile.ts";
import { readServiceTemplate } from "../local/template.ts";
import { findQuery, pathQuery, runInsightsQuery } from "../trace/insights.ts";
import { readLocalRecords } from "../trace/localRecords.ts";
import { linesOf, matchingEventIds, traceQuery } from "../trace/select.ts";
import { rejectionLine, timeline } from "../trace/timeline.ts";
import { CommandError, runCommand, UsageError } from "./command.ts";
import { parseTimeArgument } from "./since.ts";

const USAGE =
  "usage: npm run trace -- <event id | order id | number | PON> [--since 24h] [--until <time>] [--stage <stage>]  or  npm run trace -- --rejected";
const root = resolve(import.meta.dirname, "../..");

await runCommand("trace", async (args) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      since: { type: "string", default: "24h" },
      until: { type: "string" },
      stage: { type: "string" },
      rejected: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const [term] = positionals;
  if (positionals.length > 1 || (!term && !values.rejected) || (term && values.rejected))
    throw new UsageError(USAGE);
  if (term && /["\\/]/.test(term)) throw new UsageError(`"${term}" cannot be an id, a number or a PON`);
  const since = parseTimeArgument("--since", values.since);
  const until = values.until ? parseTimeArgument("--until", values.until) : new Date();
  const read = values.stage ? fromInsights(values.stage, since, until) : await fromLocalRecords(since);

  if (!term) {
    const rejected = (await read.all()).filter((line) => line.message === "request rejected");
    for (const line of rejected) console.log(rejectionLine(line));
    console.log(`${rejected.length} rejected request(s) since ${since.toISOString()} in ${read.where}`);
    return 0;
  }
  const query = traceQuery(term);
  const ids = matchingEventIds(await read.find(term), query);
  if (ids.length === 0) {
    console.log(`nothing about "${term}" since ${since.toISOString()} in ${read.where} (try --since 7d)`);
    return 1;
  }
  const lines = await read.path(ids);
  for (const id of ids) console.log(`${timeline(id, linesOf(lines, id)).join("\n")}\n`);
  return 0;
});

interface Reader {
  where: string;
  all(): Promise<LogRecord[]>;
  find(term: string): Promise<LogRecord[]>;
  path(eventIds: string[]): Promise<LogRecord[]>;
}

async function fromLocalRecords(since: Date): Promise<Reader> {
  const file = recordsFileIn(localDataDir());
  const records = await readLocalRecords(file, since);
  if (!records)
    throw new CommandError(
      `no ${file}: run npm start (and set LOCAL_DATA_DIR as it does), or pass --stage for AWS`,
    );
  const all = () => Promise.resolve(records);
  return { where: file, all, find: all, path: all };
}

function fromInsights(stage: string, since: Date, until: Date): Reader {
  const template = readServiceTemplate(resolve(root, "serverless.yml"));
  // Lambda's default log group: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
  const logGroupNames = Object.keys(template.environment).map(
    (fn) => `/aws/lambda/${template.service}-${stage}-${fn}`,
  );
  const source = { client: new CloudWatchLogsClient({}), logGroupNames, since, until };
  return {
    where: `the ${stage} stage's log groups`,
    all: () => runInsightsQuery(source, 'fields @timestamp, @message | filter message = "request rejected"'),
    find: (term) => runInsightsQuery(source, findQuery(term)),
    path: (eventIds) => runInsightsQuery(source, pathQuery(eventIds)),
  };
}
