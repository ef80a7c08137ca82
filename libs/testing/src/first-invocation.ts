import type { Context } from 'aws-lambda';
import { startCallbackReceiver } from './callback-receiver.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface FirstInvocationOptions {
  /** The function's environment variables for this invocation; the previous values come back afterwards. */
  environment: Readonly<Record<string, string>>;
  /** Loads the handler module afresh (the test resets its module registry first), as a cold start does. */
  load: () => Promise<{ handler: Handler }>;
  /** The event, given the callback URL of a receiver that counts what the function sends. */
  event: (callbackUrl: string) => unknown;
}

export interface FirstInvocation {
  /** What the invocation returned, or the error it threw. */
  outcome: unknown;
  /** How many callbacks the function sent. */
  callbacks: number;
}

/**
 * Invokes a function's handler for the first time in a given environment, as Lambda starts it: its
 * configuration is read from the environment on this invocation. For checks that a function refuses to start
 * (a `ConfigError`) before it does any work.
 */
export async function invokeFirstTime(options: FirstInvocationOptions): Promise<FirstInvocation> {
  const previous = new Map(Object.keys(options.environment).map((name) => [name, process.env[name]]));
  const receiver = await startCallbackReceiver();
  try {
    Object.assign(process.env, options.environment);
    const { handler } = await options.load();
    const context = {
      awsRequestId: 'first-invocation',
      functionName: 'first-invocation',
      getRemainingTimeInMillis: () => 60_000,
    } as unknown as Context;
    const outcome = await handler(options.event(`${receiver.url}/api/result/first`), context).catch(
      (error: unknown) => error,
    );
    return { outcome, callbacks: receiver.requests.length };
  } finally {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await receiver.close();
  }
}
