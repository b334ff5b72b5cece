import { SQSClient } from "@aws-sdk/client-sqs";
new SQSClient({});
