/**
 * `npm run emulators`: the local pipeline's emulators (SQS/SNS/S3 and DynamoDB) in a process of
 * their own, so `npm start` pointed at them (`EMULATOR_URL`, `DYNAMODB_URL`, printed here) holds the
 * handlers alone — what the soak measures. Same ports, host, data folder and `LOCAL_PERSIST` variables
 * as `npm start`.
 */
import { startEmulators } from "../local/emulators.ts";
import { assertPortsFree } from "../local/listen.ts";
import { emulatorPorts, localDataDir, localHost, localPersist } from "../local/names.ts";
import { runCommand } from "./command.ts";

await runCommand("emulators", async () => {
  const host = localHost();
  const ports = emulatorPorts();
  await assertPortsFree(host, ports);
  const emulators = await startEmulators({
    host,
    emulatorPort: ports.EMULATOR_PORT,
    dynamoDbPort: ports.DYNAMODB_PORT,
    ...(localPersist() ? { dataDir: localDataDir() } : {}),
  });
  console.log(`EMULATOR_URL=${emulators.emulatorUrl} DYNAMODB_URL=${emulators.dynamoDbUrl}`);

  const stop = async () => {
    await emulators.stop();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stop);
  // Started by another node process with an IPC channel (the test run's shared emulators,
  // test/globalSetup.ts): that process ending, however it ends, closes the channel and ends this one,
  // so an interrupted run leaves no emulators behind. (https://nodejs.org/api/process.html#event-disconnect)
  if (process.channel) {
    process.once("disconnect", stop);
    // The channel alone does not keep this process running: its servers do.
    process.channel.unref();
  }
  return undefined;
});
