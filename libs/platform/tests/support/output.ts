import type { Context } from 'aws-lambda';
import { vi } from 'vitest';

/** Everything written to stdout and stderr while capturing, where Powertools' Logger writes. */
export interface CapturedOutput {
  text(): string;
  /** The JSON log lines. */
  records(): Record<string, unknown>[];
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => {
    chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write),
  ];
  const text = () => chunks.join('');
  return {
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** A Lambda context with `remainingMs` left, as the runtime passes it. */
export function lambdaContext(requestId = 'req-0001', remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'platform-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:platform-test',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/platform-test',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
