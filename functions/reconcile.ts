import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { reconcilerFromEnv } from "../lib/reconcile/fromEnv.ts";

const reconcile = reconcilerFromEnv();

/** Scheduled: asks Bandwidth which orders changed and queues the changes no notification brought. */
export const handler = middy<unknown, unknown>().handler((_event: unknown, context: Context) =>
  reconcile(Date.now() + context.getRemainingTimeInMillis() - 5000),
);
