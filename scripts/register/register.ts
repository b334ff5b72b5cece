import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { createBandwidthApi } from "../../lib/bandwidthApi/client.ts";
import { bandwidthSubscriptions } from "../../lib/bandwidthApi/subscriptions.ts";
import { targetOf } from "../../lib/bandwidthApi/subscriptionXml.ts";
import { applyPlan } from "../../lib/registration/apply.ts";
import {
  checkOrderTypes,
  DEFAULT_ORDER_TYPES,
  desiredSubscriptions,
  EVENT_TYPES,
} from "../../lib/registration/desired.ts";
import { planSubscriptions } from "../../lib/registration/plan.ts";
import { LOCAL_PORTS } from "../local/names.ts";
import { LOCAL_BANDWIDTH_API } from "../standin/bandwidth/local.ts";
import { localCredentials, ssmCredentials } from "./credentials.ts";
import { manualSteps } from "./manualSteps.ts";
import { appliedLines, checkLines, planLines } from "./report.ts";
import { retirePreviousPassword, storeNewPassword } from "./rotatePassword.ts";
import { stackSettings } from "./settings.ts";
import { deployedCallbackUrls, localCallbackUrls } from "./stackOutputs.ts";
import { registerTelnyxPortingOrders } from "./telnyx.ts";

export interface RegisterOptions {
  stage: string;
  region: string;
  dryRun: boolean;
  check: boolean;
  /** Rewrite every subscription's credentials (after a password change: Bandwidth cannot show it). */
  updateCredentials: boolean;
  /** `--order-types a,b`; empty: the `bandwidthOrderTypes` parameter, or every type the gateway normalizes. */
  orderTypes: string[];
  /** Generate and store a new gateway password, put it in every subscription, then retire the old one. */
  rotatePassword: boolean;
  /** Before handing Bandwidth the new password, wait this long for the functions' SSM cache. */
  rotationWaitSeconds: number;
}

export interface RegisterContext {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Made by the caller, so a test can answer for the AWS APIs that have no local emulator. */
  cloudFormation: () => CloudFormationClient;
  ssm: () => SSMClient;
  print: (line: string) => void;
}

/**
 * `npm run register`: subscribes the stack's Bandwidth v1 callback URL for each order type and
 * event type, idempotently (plan → apply), or with `--check` reports how the subscriptions stand.
 * Returns the exit code: 1 when something failed or, with `--check`, needs attention.
 */
export async function register(options: RegisterOptions, context: RegisterContext): Promise<number> {
  const local = options.stage === "local";
  const settings = stackSettings(context.root, options.stage, options.region, context.env);
  const accountId = settings.accountId || (local ? LOCAL_BANDWIDTH_API.accountId : "");
  if (!accountId)
    throw new Error(
      `bandwidthAccountId is not set for stage ${options.stage}: set it in serverless.yml params, or export BANDWIDTH_ACCOUNT_ID`,
    );
  const apiUrl = local
    ? context.env.BANDWIDTH_API_URL ||
      `http://127.0.0.1:${context.env.BANDWIDTH_API_PORT || LOCAL_PORTS.BANDWIDTH_API_PORT}/api`
    : settings.apiUrl;
  const urls = local
    ? localCallbackUrls(context.env)
    : await deployedCallbackUrls(context.cloudFormation(), settings.stackName);
  const credentials = local
    ? localCredentials(context.env)
    : await ssmCredentials(context.ssm(), settings.ssmPrefix);
  const selected = options.orderTypes.length > 0 ? options.orderTypes : settings.orderTypes;
  const desired = desiredSubscriptions({
    url: urls.BandwidthV1NotificationsUrl,
    username: settings.username,
    orderTypes: selected.length > 0 ? checkOrderTypes(selected) : DEFAULT_ORDER_TYPES,
    eventTypes: EVENT_TYPES,
  });
  const subscriptions = bandwidthSubscriptions(
    createBandwidthApi({
      baseUrl: apiUrl,
      accountId,
      username: credentials.apiUsername,
      password: credentials.apiPassword,
    }),
  );
  const telnyx = (check: boolean) =>
    registerTelnyxPortingOrders({
      ssm: context.ssm(),
      ssmPrefix: settings.ssmPrefix,
      url: urls.TelnyxNotificationsUrl,
      apiUrl: context.env.TELNYX_API_URL,
      dryRun: options.dryRun,
      check,
      print: context.print,
    });
  const listed = await subscriptions.list();
  context.print(`Bandwidth v1 subscriptions of account ${accountId} → ${urls.BandwidthV1NotificationsUrl}`);
  if (options.check) {
    const ours = listed.filter((subscription) => subscription.url === urls.BandwidthV1NotificationsUrl);
    const report = checkLines(ours, desired.map(targetOf), settings.username, settings.renewBelowSeconds);
    for (const line of report.lines) context.print(line);
    const telnyxHealthy = local || (await telnyx(true));
    return report.healthy && telnyxHealthy ? 0 : 1;
  }
  const changes = planSubscriptions(desired, listed, {
    renewBelowSeconds: settings.renewBelowSeconds,
    rewriteCredentials: options.updateCredentials || options.rotatePassword,
  });
  for (const line of planLines(changes)) context.print(line);
  if (options.dryRun) {
    if (!local) await telnyx(false);
    context.print("Dry run: nothing changed.");
    return 0;
  }
  const password = options.rotatePassword
    ? await storeNewPassword({
        ssm: context.ssm(),
        ssmPrefix: settings.ssmPrefix,
        currentPassword: credentials.gatewayPassword,
        waitSeconds: options.rotationWaitSeconds,
        now: Date.now(),
        print: context.print,
      })
    : credentials.gatewayPassword;
  const results = await applyPlan(subscriptions, changes, password);
  for (const line of appliedLines(results)) context.print(line);
  const failed = results.some((result) => result.error);
  if (options.rotatePassword) {
    // Retire the old password only once every subscription is there, current, and none reports a refusal.
    const now = (await subscriptions.list()).filter((s) => s.url === urls.BandwidthV1NotificationsUrl);
    const report = checkLines(now, desired.map(targetOf), settings.username, settings.renewBelowSeconds);
    if (!failed && report.healthy) {
      await retirePreviousPassword(context.ssm(), settings.ssmPrefix);
      context.print("Every subscription carries the new password: the previous one is retired.");
    } else {
      for (const line of report.lines) context.print(line);
      context.print(
        `The previous password stays accepted until its expiry: fix the above, run --update-credentials, then delete ${settings.ssmPrefix}/bandwidth-password-previous.`,
      );
    }
  }
  const telnyxDone = local || (await telnyx(false));
  for (const line of manualSteps(urls, settings.ssmPrefix)) context.print(line);
  return failed || !telnyxDone ? 1 : 0;
}
