import type { Context } from "aws-lambda";
import { logger } from "../../lib/log.ts";
import { lambdaContext } from "./lambdaContext.ts";

export type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Runs a scheduled function every `everySeconds`, as EventBridge Scheduler would, one run at a time. */
export function startSchedule(
  functionName: string,
  everySeconds: number,
  handler: ScheduledHandler,
  timeoutSeconds: number,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      handler(
        { source: "aws.events", "detail-type": "Scheduled Event" },
        lambdaContext(functionName, timeoutSeconds),
      ).catch((error: unknown) => logger.error("scheduled function failed", { functionName, error })),
    );
  }, everySeconds * 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
