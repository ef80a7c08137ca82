/** What Lambda reports for a failed invocation (the body of an `X-Amz-Function-Error: Unhandled` answer). */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export interface InvocationResult {
  readonly requestId: string;
  /** The handler's result as JSON text, or the error payload as JSON text when `error` is set. */
  readonly payload: string;
  readonly error?: FunctionErrorPayload;
  readonly durationMs: number;
}

/** A deployed function as the runtime runs it: a bundle, limits and its complete environment. */
export interface RuntimeFunction {
  readonly name: string;
  readonly bundlePath: string;
  readonly handlerName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Reserved concurrency: at most this many instances; further invocations wait for one to be free. */
  readonly maxConcurrency: number;
}

/** Where function log lines go: the CLI prints them, the test harness keeps them. */
export type LogSink = (functionName: string, line: string) => void;
