import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Per-destination delivery metrics, written as CloudWatch EMF (one JSON line each, no API calls).
 * Namespace from `POWERTOOLS_METRICS_NAMESPACE`; `POWERTOOLS_METRICS_DISABLED=true` turns them off
 * (the local runtime does, to keep the console readable).
 */
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "NumberEventsGateway",
  serviceName: "number-events-gateway",
});

export type DeliveryOutcome = "delivered" | "retried" | "deadLettered";

/**
 * Emits one outcome for one destination (`count` deliveries of one attempt: a direct batch sends
 * several) and the time the attempt took, as one EMF line. The calls are synchronous, so concurrent
 * deliveries cannot mix their dimensions.
 */
export function recordDelivery(
  destination: string,
  outcome: DeliveryOutcome,
  latencyMs: number,
  count = 1,
): void {
  metrics.addDimension("destination", destination);
  metrics.addMetric(outcome, MetricUnit.Count, count);
  metrics.addMetric("latency", MetricUnit.Milliseconds, latencyMs);
  metrics.publishStoredMetrics();
}
