import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The one structured logger (JSON lines, CloudWatch-friendly). Level from `POWERTOOLS_LOG_LEVEL`.
 * Never pass secrets, PINs or Authorization headers to it.
 */
export const logger = new Logger({ serviceName: "number-events-gateway" });
