import middy from "@middy/core";
import { renewSubscriptions } from "../lib/registration/renew.ts";

/** Scheduled (`subscriptionRenewalSchedule`): renews the Bandwidth v1 subscriptions before they expire, re-creates missing ones. */
export const handler = middy<unknown, unknown>().handler(() => renewSubscriptions());
