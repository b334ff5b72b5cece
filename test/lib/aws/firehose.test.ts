import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firehose } from "../../../lib/aws/firehose.ts";
import { AwsRequestError } from "../../../lib/errors.ts";
import { localServiceEnvironment } from "../../../scripts/local/clientConfig.ts";
import { startAwsJsonProxy } from "../../helpers/awsJsonProxy.ts";
import { type Emulator, startEmulator } from "../../helpers/emulator.ts";
import { type ArchiveStream, startArchiveStream } from "../../helpers/firehose.ts";

let emulator: Emulator;
let stream: ArchiveStream;
let proxy: Awaited<ReturnType<typeof startAwsJsonProxy>>;
beforeAll(async () => {
  emulator = await startEmulator();
  stream = await startArchiveStream(emulator, "firehose-calls");
  proxy = await startAwsJsonProxy(stream.standIn.url);
});
afterAll(async () => {
  await proxy.stop();
  await stream.stop();
  await emulator.stop();
});

/** The calls, against the Firehose stand-in through the recording proxy. */
const calls = () => firehose(localServiceEnvironment("firehose", proxy.url));

describe("firehose PutRecordBatch over a signed AWS JSON 1.1 request", () => {
  it("sends each record's bytes in base64 and answers with one entry per record", async () => {
    const records = [Buffer.from([0, 255, 10, 128]), Buffer.from("line\n", "utf8")];
    const answer = await calls().putRecordBatch(stream.name, records);
    expect(answer.FailedPutCount).toBe(0);
    expect(answer.RequestResponses).toEqual([
      { RecordId: expect.any(String) },
      { RecordId: expect.any(String) },
    ]);
    expect(JSON.parse(proxy.bodies.at(-1) ?? "{}")).toEqual({
      DeliveryStreamName: stream.name,
      Records: [{ Data: "AP8KgA==" }, { Data: "bGluZQo=" }],
    });
  });

  it("answers with the records Firehose rejected one by one, for the archive to send again", async () => {
    stream.standIn.rejectNext(1);
    const answer = await calls().putRecordBatch(stream.name, [Buffer.from("a"), Buffer.from("b")]);
    expect(answer.FailedPutCount).toBe(1);
    expect(answer.RequestResponses).toEqual([
      { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." },
      { RecordId: expect.any(String) },
    ]);
  });

  it("tries a call Firehose could not serve again", async () => {
    proxy.operations.length = 0;
    proxy.answerNext({
      status: 503,
      body: { __type: "ServiceUnavailableException", message: "Slow down." },
    });
    const answer = await calls().putRecordBatch(stream.name, [Buffer.from("c")]);
    expect(answer.FailedPutCount).toBe(0);
    expect(proxy.operations).toEqual(["PutRecordBatch", "PutRecordBatch"]);
  });

  it("throws Firehose's error type for a stream it does not have, without trying again", async () => {
    proxy.operations.length = 0;
    const error = await calls()
      .putRecordBatch("no-such-stream", [Buffer.from("d")])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({ type: "ResourceNotFoundException", status: 400 });
    expect(proxy.operations).toEqual(["PutRecordBatch"]);
  });
});
