import { importSampleDirectory } from "../../helpers/directory.ts";
import { fixture } from "../../helpers/fixtures.ts";
import { startRuntime } from "../../helpers/localRuntime.ts";
import { percentile, type Row, requestRate } from "../measure.ts";
import { startBareServer } from "./httpRate.ts";

const DURATION_MS = 5000;
/** One request at a time: the latency Bandwidth sees for one validation, not a throughput figure. */
const CONCURRENCY = 1;

/**
 * Port-out validation decision latency through the local runtime (Basic auth, hardened parse,
 * embedded DynamoDB lookup, scrypt checks of account number and PIN, audit event made durable on
 * the embedded SQS, XML answer), next to a bare node:http server driven the same way in this run.
 */
export async function portoutLatency(): Promise<Row[]> {
  const body = fixture("bandwidth/portout-validation/valid.xml");
  const headers = {
    "content-type": "application/xml",
    authorization: `Basic ${Buffer.from("bandwidth:local-dev-password").toString("base64")}`,
  };
  const options = { concurrency: CONCURRENCY, durationMs: DURATION_MS, expectStatus: 200 };

  const bare = await startBareServer();
  const ceiling = await requestRate(() => fetch(bare.url, { method: "POST", headers, body }), options);
  bare.child.kill();

  const runtime = await startRuntime({ LOG_LEVEL: "SILENT" });
  await importSampleDirectory(runtime);
  let counter = 0;
  const url = `${runtime.url}/bandwidth/v1/portout-validation`;
  // A new PON each time, so every decision is a distinct audit event.
  const approve = () =>
    fetch(url, { method: "POST", headers, body: body.replace("some_pon", `bench-${counter++}`) });
  const approved = await requestRate(approve, options);
  const refuse = () =>
    fetch(url, {
      method: "POST",
      headers,
      body: body.replace("some_pon", `bench-${counter++}`).replace("<Pin>1111</Pin>", "<Pin>2222</Pin>"),
    });
  const refused = await requestRate(refuse, options);
  await runtime.stop();

  const row = (id: string, name: string, latencies: number[], p: number): Row => ({
    id: `portout.${id}P${p}Millis`,
    section: "port-out",
    name: `${name} p${p}`,
    value: percentile(latencies, p),
    unit: "ms",
    ...(latencies === ceiling.latencies
      ? {}
      : {
          baseline: {
            name: "bare node:http",
            ratio: percentile(latencies, p) / percentile(ceiling.latencies, p),
          },
        }),
  });
  const bareName = "bare node:http server, one request at a time";
  const approvedName = "validation approved (directory + 2 scrypt checks + audit event)";
  const refusedName = "validation refused, wrong PIN (7513)";
  return [
    row("bare", bareName, ceiling.latencies, 50),
    row("bare", bareName, ceiling.latencies, 99),
    row("approved", approvedName, approved.latencies, 50),
    row("approved", approvedName, approved.latencies, 99),
    row("refused", refusedName, refused.latencies, 50),
    row("refused", refusedName, refused.latencies, 99),
  ];
}
