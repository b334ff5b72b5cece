/**
 * DEVELOPMENT-ONLY keys, committed on purpose so that `npm start` and `npm run simulate` work out of
 * the box: the simulator signs with the private halves, the local runtime verifies with the public
 * ones. They are public knowledge — never configure them in AWS. There, `TELNYX_PUBLIC_KEY` is the
 * key from Telnyx Mission Control and `BANDWIDTH_V2_HMAC_SECRET` the secret of the v2 subscription,
 * both read from SSM.
 */

/** Ed25519 private key (PKCS#8 PEM) the simulator signs Telnyx requests with. Development only. */
export const DEV_TELNYX_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGiS9uE8Q5ueVswCC0jfndQaN0l5AMZGjkMryvMCAUZt
-----END PRIVATE KEY-----
`;

/** Its public half, as Telnyx shows it (base64 of the raw 32-byte key): `npm start`'s `TELNYX_PUBLIC_KEY`. */
export const DEV_TELNYX_PUBLIC_KEY = "PDHKwnQ3kR69PWHPlsqOUqVXUJUVOwiVcr+mCJpOSDE=";

/** `npm start`'s `BANDWIDTH_V2_HMAC_SECRET` (utf8), which the simulator signs Bandwidth v2 requests with. */
export const DEV_BANDWIDTH_V2_HMAC_SECRET = "local-dev-hmac-secret";
