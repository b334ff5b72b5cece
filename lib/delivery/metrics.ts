/**
 * Per-destination delivery metrics, written as CloudWatch embedded metric format (EMF): one JSON
 * line on stdout per outcome, which CloudWatch Logs turns into metrics, no API call
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * The same line Powertools Metrics wrote, without its 13 KiB in the bundles: namespace from
 * `METRICS_NAMESPACE`, dimensions `service` and `destination` (the dashboard's
 * `SEARCH('{NumberEventsGateway,destination,service} …')`); `METRICS_DISABLED=true` turns
 * them off (the local runtime does, to keep the console readable).
 */
const NAMESPACE = process.env.METRICS_NAMESPACE ?? "NumberEventsGateway";
const SERVICE = "number-events-gateway";

export type DeliveryOutcome = "delivered" | "retried" | "deadLettered";

/**
 * Emits one outcome for one destination (`count` deliveries of one attempt: a direct batch sends
 * several) and the time the attempt took, as one EMF line.
 */
export function recordDelivery(
  destination: string,
  outcome: DeliveryOutcome,
  latencyMs: number,
  count = 1,
): void {
  if (process.env.METRICS_DISABLED === "true") return;
  process.stdout.write(`${deliveryMetricLine(destination, outcome, latencyMs, count)}\n`);
}

/** The EMF line {@link recordDelivery} writes (the cost model prices its bytes, lib/cost/inputs.ts). */
export function deliveryMetricLine(
  destination: string,
  outcome: DeliveryOutcome,
  latencyMs: number,
  count: number,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: NAMESPACE,
          Dimensions: [["service", "destination"]],
          Metrics: [
            { Name: outcome, Unit: "Count" },
            { Name: "latency", Unit: "Milliseconds" },
          ],
        },
      ],
    },
    service: SERVICE,
    destination,
    [outcome]: count,
    latency: latencyMs,
  });
}
