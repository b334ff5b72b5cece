import { describe, expect, it } from "vitest";
import { sqsEndpointOf } from "../../../lib/aws/sqsEndpoint.ts";

const inUsEast1 = { AWS_REGION: "us-east-1" };

describe("sqsEndpointOf", () => {
  it.each([
    [
      "https://sqs.eu-west-1.amazonaws.com/123456789012/consumer.fifo",
      "https://sqs.eu-west-1.amazonaws.com",
      "eu-west-1",
    ],
    [
      "https://sqs.us-east-1.amazonaws.com/123456789012/consumer",
      "https://sqs.us-east-1.amazonaws.com",
      "us-east-1",
    ],
    [
      "https://sqs-fips.us-gov-west-1.amazonaws.com/1/q",
      "https://sqs-fips.us-gov-west-1.amazonaws.com",
      "us-gov-west-1",
    ],
    ["https://sqs.ap-southeast-3.api.aws/1/q", "https://sqs.ap-southeast-3.api.aws", "ap-southeast-3"],
    ["https://sqs.cn-north-1.amazonaws.com.cn/1/q", "https://sqs.cn-north-1.amazonaws.com.cn", "cn-north-1"],
    [
      "https://eu-central-1.queue.amazonaws.com/1/q",
      "https://eu-central-1.queue.amazonaws.com",
      "eu-central-1",
    ],
    ["https://queue.amazonaws.com/1/q", "https://queue.amazonaws.com", "us-east-1"],
  ])("sends to %s's host, signed for its region", (queueUrl, url, region) => {
    expect(sqsEndpointOf(queueUrl, { AWS_REGION: "ap-northeast-1" })).toEqual({ url, region });
  });

  it("signs for the function's region at a host that names none (a proxy, a local stand-in)", () => {
    expect(sqsEndpointOf("http://127.0.0.1:9324/000000000000/q.fifo", inUsEast1)).toEqual({
      url: "http://127.0.0.1:9324",
      region: "us-east-1",
    });
  });

  it("leaves the configured endpoint in charge when there is one, or when the queue URL is no URL", () => {
    const queueUrl = "https://sqs.eu-west-1.amazonaws.com/1/q";
    expect(
      sqsEndpointOf(queueUrl, { ...inUsEast1, AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:4566" }),
    ).toBeUndefined();
    expect(
      sqsEndpointOf(queueUrl, { ...inUsEast1, AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }),
    ).toBeUndefined();
    expect(sqsEndpointOf("consumer.fifo", inUsEast1)).toBeUndefined();
  });
});
