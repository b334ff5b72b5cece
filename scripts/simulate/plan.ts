import { createPrivateKey } from "node:crypto";
import { bandwidthV2SecretLoader } from "../../lib/providers/bandwidth/v2/secret.ts";
import { DEV_BANDWIDTH_V2_HMAC_SECRET, DEV_TELNYX_PRIVATE_KEY_PEM } from "../local/devKeys.ts";
import { LOCAL_DEFAULTS } from "../local/environment.ts";
import type { FixtureKind } from "./fixtureKind.ts";
import { bandwidthV2Headers, basicAuthorization, telnyxHeaders } from "./sign.ts";

/** One request the simulator sends, and the status a correctly configured gateway answers. */
export interface Step {
  label: string;
  headers: Record<string, string>;
  expectStatus: number;
  /** For Bandwidth v1's first attempt: the answer must carry a Basic challenge. */
  expectChallenge?: boolean;
}

/**
 * The requests a provider sends for one fixture, signed with the credentials `npm start` uses by
 * default (or the same variables, when set): Bandwidth v1 first without credentials, then with Basic
 * auth after the 401 challenge; Bandwidth v2 with its HMAC header (and, when `BANDWIDTH_V2_USERNAME` is
 * set, the same challenge round as v1); Telnyx signed with the dev key.
 */
export async function planSteps(
  kind: FixtureKind,
  body: Buffer,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Step[]> {
  switch (kind.provider) {
    case "bandwidth-v1": {
      const xml = { "content-type": "application/xml; charset=utf-8" };
      const authorization = basicAuthorization(
        env.BANDWIDTH_USERNAME ?? LOCAL_DEFAULTS.BANDWIDTH_USERNAME,
        env.BANDWIDTH_PASSWORD ?? LOCAL_DEFAULTS.BANDWIDTH_PASSWORD,
      );
      return [
        { label: "without credentials", headers: xml, expectStatus: 401, expectChallenge: true },
        { label: "with Basic auth", headers: { ...xml, authorization }, expectStatus: 200 },
      ];
    }
    case "bandwidth-v2": {
      const secret = await bandwidthV2SecretLoader({
        BANDWIDTH_V2_HMAC_SECRET: env.BANDWIDTH_V2_HMAC_SECRET ?? DEV_BANDWIDTH_V2_HMAC_SECRET,
        BANDWIDTH_V2_HMAC_SECRET_ENCODING: env.BANDWIDTH_V2_HMAC_SECRET_ENCODING,
      })();
      const signed = bandwidthV2Headers(body, secret);
      // With a Basic credential configured on the v2 route, Bandwidth sends it as for v1.
      if (!env.BANDWIDTH_V2_USERNAME)
        return [{ label: "HMAC-SHA256 signed", headers: signed, expectStatus: 200 }];
      const authorization = basicAuthorization(env.BANDWIDTH_V2_USERNAME, env.BANDWIDTH_V2_PASSWORD ?? "");
      return [
        { label: "signed, without credentials", headers: signed, expectStatus: 401, expectChallenge: true },
        { label: "signed, with Basic auth", headers: { ...signed, authorization }, expectStatus: 200 },
      ];
    }
    case "telnyx":
      return [
        {
          label: "Ed25519 signed (dev key)",
          headers: telnyxHeaders(body, createPrivateKey(DEV_TELNYX_PRIVATE_KEY_PEM), now),
          expectStatus: 200,
        },
      ];
  }
}
