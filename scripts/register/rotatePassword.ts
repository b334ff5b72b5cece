import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";

/** How long the previous password stays accepted if the rotation is not finished. */
const ROTATION_WINDOW_MS = 24 * 3600 * 1000;

/**
 * The first half of `--rotate-password`: keeps the current password as the previous one (accepted
 * until `expiresAt`), stores a new random one, then waits out the functions' five-minute SSM cache,
 * so that every function accepts both before Bandwidth is given the new one. Returns the new password.
 */
export async function storeNewPassword(options: {
  ssm: SSMClient;
  ssmPrefix: string;
  currentPassword: string;
  waitSeconds: number;
  now: number;
  print: (line: string) => void;
}): Promise<string> {
  const { ssm, ssmPrefix } = options;
  const expiresAt = new Date(options.now + ROTATION_WINDOW_MS).toISOString();
  await ssm.send(
    new PutParameterCommand({
      Name: `${ssmPrefix}/bandwidth-password-previous`,
      Type: "SecureString",
      Overwrite: true,
      Value: JSON.stringify({ password: options.currentPassword, expiresAt }),
    }),
  );
  const password = randomBytes(32).toString("base64url");
  await ssm.send(
    new PutParameterCommand({
      Name: `${ssmPrefix}/bandwidth-password`,
      Type: "SecureString",
      Overwrite: true,
      Value: password,
    }),
  );
  options.print(`Stored a new bandwidth-password; the previous one is accepted until ${expiresAt}.`);
  if (options.waitSeconds > 0) {
    options.print(
      `Waiting ${options.waitSeconds} s for the functions to pick up both (their SSM cache: 5 minutes)…`,
    );
    await sleep(options.waitSeconds * 1000);
  }
  return password;
}

/** The last step: the previous password is refused from now on. */
export async function retirePreviousPassword(ssm: SSMClient, ssmPrefix: string): Promise<void> {
  await ssm.send(new DeleteParameterCommand({ Name: `${ssmPrefix}/bandwidth-password-previous` }));
}
