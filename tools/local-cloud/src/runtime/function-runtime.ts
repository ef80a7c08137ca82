import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACCOUNT_ID } from '../emulators/constants.js';
import { FunctionNotFoundError } from '../errors.js';
import { FunctionPool } from './function-pool.js';
import type { InvocationResult, LogSink, RuntimeFunction } from './types.js';

/** Lambda's asynchronous invocation settings (`aws_lambda_function_event_invoke_config`). */
export interface AsyncInvokeConfig {
  /** 0, 1 or 2 retries after the first attempt; Lambda's default is 2. */
  readonly maxRetryAttempts?: number;
  readonly maxEventAgeSeconds?: number;
  /** Queue name of the on-failure destination. */
  readonly onFailure?: string;
  /** Queue name of the on-success destination. */
  readonly onSuccess?: string;
}

export interface FunctionRuntimeOptions {
  readonly region: string;
  readonly log: LogSink;
  /** Pauses before the first and second retry of a failed async invocation (Lambda: about 1 and 2 minutes). */
  readonly retryDelaysMs: readonly number[];
  /** Delivers a destination record to a queue, by queue name. */
  readonly sendToQueue: (queueName: string, body: string) => Promise<void>;
}

interface Deployed {
  readonly pool: FunctionPool;
  readonly asyncConfig: AsyncInvokeConfig;
}

/** The deployed functions: synchronous invoke, and async invoke with Lambda's retries and destinations. */
export class FunctionRuntime {
  private readonly functions = new Map<string, Deployed>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: FunctionRuntimeOptions) {}

  deploy(fn: RuntimeFunction, asyncConfig: AsyncInvokeConfig = {}): void {
    const previous = this.functions.get(fn.name);
    this.functions.set(fn.name, { pool: new FunctionPool(fn, this.options.log), asyncConfig });
    void previous?.pool.stop();
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  names(): string[] {
    return [...this.functions.keys()];
  }

  describe(name: string): RuntimeFunction & { asyncConfig: AsyncInvokeConfig } {
    const deployed = this.get(name);
    return { ...deployed.pool.fn, asyncConfig: deployed.asyncConfig };
  }

  stats(name: string): {
    invocations: number;
    errors: number;
    instances: number;
    maxMemoryUsedBytes: number;
  } {
    return this.get(name).pool.stats;
  }

  arn(name: string, qualifier?: string): string {
    const base = `arn:aws:lambda:${this.options.region}:${ACCOUNT_ID}:function:${name}`;
    return qualifier === undefined ? base : `${base}:${qualifier}`;
  }

  private get(name: string): Deployed {
    const deployed = this.functions.get(name);
    if (deployed === undefined) throw new FunctionNotFoundError(name);
    return deployed;
  }

  /** RequestResponse: runs the function and returns its result or error. */
  invoke(name: string, event: string, qualifier?: string, requestId?: string): Promise<InvocationResult> {
    const { pool } = this.get(name);
    return pool.invoke(event, {
      invokedFunctionArn: this.arn(name, qualifier),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  /** Event: queues the invocation and returns its request id at once (the API answers 202). */
  invokeAsync(name: string, event: string, qualifier?: string): string {
    this.get(name);
    const requestId = randomUUID();
    const run = this.runAsync(name, event, requestId, qualifier).catch((error: unknown) => {
      this.options.log(name, `${requestId} async invocation could not be completed: ${String(error)}`);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return requestId;
  }

  private async runAsync(name: string, event: string, requestId: string, qualifier?: string): Promise<void> {
    const { asyncConfig } = this.get(name);
    const attempts = 1 + Math.min(2, Math.max(0, asyncConfig.maxRetryAttempts ?? 2));
    const enqueued = Date.now();
    let result: InvocationResult | undefined;
    let attempt = 0;
    let condition = 'RetriesExhausted';
    while (attempt < attempts) {
      if (attempt > 0) {
        const delays = this.options.retryDelaysMs;
        try {
          await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0, undefined, {
            signal: this.stopping.signal,
          });
        } catch {
          return;
        }
        const maxAge = asyncConfig.maxEventAgeSeconds;
        if (maxAge !== undefined && Date.now() - enqueued > maxAge * 1000) {
          condition = 'EventAgeExceeded';
          break;
        }
      }
      attempt += 1;
      result = await this.invoke(name, event, qualifier, requestId);
      if (this.stopping.signal.aborted) return;
      if (result.error === undefined) break;
    }
    if (result === undefined) return;
    const destination = result.error === undefined ? asyncConfig.onSuccess : asyncConfig.onFailure;
    if (destination === undefined) {
      if (result.error !== undefined) {
        this.options.log(
          name,
          `${requestId} async event dropped after ${attempt} attempts (no on-failure destination)`,
        );
      }
      return;
    }
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId,
        functionArn: `${this.arn(name)}:${qualifier ?? '$LATEST'}`,
        condition: result.error === undefined ? 'Success' : condition,
        approximateInvokeCount: attempt,
      },
      requestPayload: JSON.parse(event) as unknown,
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(result.error === undefined ? {} : { functionError: 'Unhandled' }),
      },
      responsePayload: JSON.parse(result.payload) as unknown,
    };
    await this.options.sendToQueue(destination, JSON.stringify(record));
  }

  /** Resolves when no async invocation is running or waiting for a retry. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.functions.values()].map(({ pool }) => pool.stop()));
    await Promise.allSettled([...this.inFlight]);
  }
}
