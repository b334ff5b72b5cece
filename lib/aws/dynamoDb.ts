import type {
  BatchGetItemInput,
  BatchGetItemOutput,
  GetItemInput,
  GetItemOutput,
  PutItemInput,
  PutItemOutput,
  UpdateItemInput,
  UpdateItemOutput,
} from "@aws-sdk/client-dynamodb";
import { AwsRequestError, ConditionalCheckFailedError } from "../errors.ts";
import { retriedJsonRequest } from "./signedJsonRequest.ts";

/**
 * The few DynamoDB item operations the fan-out, the deliver function and the reconciler make. Their
 * inputs and outputs are the API's JSON as the SDK types it (type-only imports: nothing of the SDK
 * is bundled): attribute values as `{ S }`, `{ N }`, `{ BOOL }` on the wire as in the types
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html). Binary
 * values (`B`, base64 on the wire) are not converted: none of these tables holds one.
 */
export interface DynamoDb {
  getItem(input: GetItemInput): Promise<GetItemOutput>;
  /** Keys DynamoDB did not read (throttling) come back in `UnprocessedKeys`, for the caller to ask again. */
  batchGetItem(input: BatchGetItemInput): Promise<BatchGetItemOutput>;
  /** Throws {@link ConditionalCheckFailedError} when its `ConditionExpression` does not hold. */
  putItem(input: PutItemInput): Promise<PutItemOutput>;
  /** Throws {@link ConditionalCheckFailedError} when its `ConditionExpression` does not hold. */
  updateItem(input: UpdateItemInput): Promise<UpdateItemOutput>;
}

/**
 * DynamoDB over signed AWS JSON 1.0 requests (`X-Amz-Target: DynamoDB_20120810.<operation>`,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html) rather
 * than @aws-sdk/client-dynamodb, which was about 76 KiB of the fan-out's bundle for these few operations
 * (`npm run bench`, cold start). Throttling (`ProvisionedThroughputExceededException`, …), 5xx and
 * network failures are tried three times with backoff as the SDK does
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.RetryAndBackoff);
 * other failures are thrown as AwsRequestError with DynamoDB's error type. A failed condition answers 400
 * `ConditionalCheckFailedException`, with the item when `ReturnValuesOnConditionCheckFailure` is
 * `ALL_OLD` (the SDK's ConditionalCheckFailedException schema: `message`, `Item`), thrown as
 * {@link ConditionalCheckFailedError}. The endpoint is `AWS_ENDPOINT_URL_DYNAMODB` when set (locally,
 * the embedded DynamoDB).
 */
export function dynamoDb(env: NodeJS.ProcessEnv = process.env): DynamoDb {
  const call =
    <I extends object, O>(operation: string) =>
    async (input: I): Promise<O> => {
      try {
        return await retriedJsonRequest<O>(
          { service: "dynamodb", target: `DynamoDB_20120810.${operation}`, jsonVersion: "1.0" },
          input,
          env,
        );
      } catch (error) {
        if (error instanceof AwsRequestError && error.type === "ConditionalCheckFailedException")
          throw new ConditionalCheckFailedError(error);
        throw error;
      }
    };
  return {
    getItem: call<GetItemInput, GetItemOutput>("GetItem"),
    batchGetItem: call<BatchGetItemInput, BatchGetItemOutput>("BatchGetItem"),
    putItem: call<PutItemInput, PutItemOutput>("PutItem"),
    updateItem: call<UpdateItemInput, UpdateItemOutput>("UpdateItem"),
  };
}
