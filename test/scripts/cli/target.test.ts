import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lib/errors.ts";
import { resolveTarget } from "../../../scripts/cli/target.ts";

describe("resolveTarget", () => {
  it("acts on npm start's services, under its names, when no AWS resource is named", () => {
    const env: NodeJS.ProcessEnv = { EMULATOR_PORT: "4999", DYNAMODB_PORT: "8999" };
    const target = resolveTarget(env);
    expect(target.local).toBe(true);
    expect(target.bucket("ARCHIVE_BUCKET", "ArchiveBucket")).toBe("archivebucket");
    expect(target.table("PORTOUT_DIRECTORY_TABLE", "PortoutDirectoryTable")).toBe("PortoutDirectoryTable");
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:4999",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4999",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8999",
    });
    expect(target.destinationsConfig).toContain("events.jsonl");
  });

  it("finds the local resources under LOCAL_NAME_PREFIX, as that npm start named them", () => {
    const target = resolveTarget({ EMULATOR_PORT: "4999", LOCAL_NAME_PREFIX: "team-a" });
    expect(target.bucket("ARCHIVE_BUCKET", "ArchiveBucket")).toBe("team-a-archivebucket");
    expect(target.table("PORTOUT_DIRECTORY_TABLE", "PortoutDirectoryTable")).toBe(
      "team-a-PortoutDirectoryTable",
    );
  });

  it.each(["Team-A", "team_a", "-team", "team-", "team--a", "sthree", "a".repeat(21)])(
    "refuses LOCAL_NAME_PREFIX=%s, which would not make a valid local bucket name",
    (prefix) => {
      expect(() => resolveTarget({ LOCAL_NAME_PREFIX: prefix })).toThrow(/^LOCAL_NAME_PREFIX: must be/);
    },
  );

  it("keeps an endpoint the environment already names", () => {
    const env: NodeJS.ProcessEnv = { AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:5001" };
    expect(resolveTarget(env).description).toBe("the local pipeline (http://127.0.0.1:5001)");
  });

  it("acts on AWS as soon as one resource is named, and then names what else is missing", () => {
    const env: NodeJS.ProcessEnv = { EVENTS_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/1/events.fifo" };
    const target = resolveTarget(env);
    expect(target.local).toBe(false);
    expect(env.AWS_ENDPOINT_URL_SQS).toBeUndefined();
    expect(() => target.bucket("ARCHIVE_BUCKET", "ArchiveBucket")).toThrow(ConfigError);
    expect(() => target.table("PORTOUT_DIRECTORY_TABLE", "PortoutDirectoryTable")).toThrow(/ARCHIVE|PORTOUT/);
  });
});
