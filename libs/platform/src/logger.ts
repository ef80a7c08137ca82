import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type {
  ConstructorOptions,
  LogAttributes,
  UnformattedAttributes,
} from '@aws-lambda-powertools/logger/types';
import { redactString, redactValue, type RedactOptions } from './redaction.js';
import { installSourceMappedStackTraces } from './stack-traces.js';

// Every handler logs through this module: its stack traces point at TypeScript from here on (stack-traces.ts).
installSourceMappedStackTraces();

export {
  REDACTED,
  clearSensitiveValues,
  isSensitiveKey,
  redactString,
  redactValue,
  registerSensitiveValues,
  withSensitiveValueScope,
} from './redaction.js';

/**
 * Powertools' extension point for the shape of a log line. Same keys as Powertools' default
 * formatter; everything except Powertools' own context fields passes through `redactValue`, and the
 * message through `redactString`, before it is serialised.
 */
export class RedactingLogFormatter extends LogFormatter {
  readonly #options: RedactOptions = { locate: (stack) => this.getCodeLocation(stack) };

  override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const context = attributes.lambdaContext;
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: typeof attributes.message === 'string' ? redactString(attributes.message) : attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const extra = redactValue(additionalLogAttributes, this.#options) as LogAttributes;
    return new LogItem({ attributes: base }).addAttributes(extra);
  }

  override formatError(error: Error): LogAttributes {
    return redactValue(error, this.#options) as LogAttributes;
  }
}

/** Powertools Logger options, less the formatter: every logger of this project redacts. */
export type LoggerOptions = Omit<ConstructorOptions, 'logFormatter' | 'logRecordOrder'>;

/** A Powertools Logger whose every line is redacted (see `registerSensitiveValues`). */
export const createLogger = (options: LoggerOptions = {}): Logger =>
  new Logger({ ...options, logFormatter: new RedactingLogFormatter() } as ConstructorOptions);

/**
 * The process-wide logger. Creating it reads a few environment variables (POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_LOG_LEVEL) and does no I/O, so it is made at import.
 */
export const logger: Logger = createLogger();

export type { Logger };
