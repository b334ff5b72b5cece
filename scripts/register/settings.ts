import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";

/** What the register command needs from the stack's parameters, for one stage. */
export interface StackSettings {
  stage: string;
  region: string;
  stackName: string;
  ssmPrefix: string;
  accountId: string;
  apiUrl: string;
  /** The Basic username the gateway checks (`bandwidthUsername`). */
  username: string;
  /** `bandwidthOrderTypes`, split ('' → none: the default selection). */
  orderTypes: string[];
  /** `subscriptionRenewalMarginDays`, in seconds. */
  renewBelowSeconds: number;
}

/**
 * The stage's parameters as `sls deploy` would resolve them from serverless.yml (`params.default`,
 * then `params.<stage>`), overridden by `BANDWIDTH_ACCOUNT_ID` / `BANDWIDTH_API_URL` (set them when
 * you deployed with `--param`). `${sls:stage}` and `${self:service}` are filled in; nothing else is.
 */
export function stackSettings(
  root: string,
  stage: string,
  region: string,
  env: NodeJS.ProcessEnv,
): StackSettings {
  const document = parseYaml(readFileSync(resolve(root, "serverless.yml"), "utf8")) as {
    service: string;
    params?: Record<string, Record<string, unknown>>;
  };
  const params = { ...document.params?.default, ...document.params?.[stage] };
  const param = (name: string): string =>
    String(params[name] ?? "")
      .replace(/\$\{sls:stage\}/g, stage)
      .replace(/\$\{self:service\}/g, document.service);
  return {
    stage,
    region,
    stackName: `${document.service}-${stage}`,
    ssmPrefix: param("ssmPrefix"),
    accountId: env.BANDWIDTH_ACCOUNT_ID || param("bandwidthAccountId"),
    apiUrl: env.BANDWIDTH_API_URL || param("bandwidthApiUrl"),
    username: param("bandwidthUsername"),
    orderTypes: param("bandwidthOrderTypes").split(",").filter(Boolean),
    renewBelowSeconds: Number(param("subscriptionRenewalMarginDays") || 30) * 86_400,
  };
}
