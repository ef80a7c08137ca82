import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { FunctionErrorPayload, InvocationResult, LogSink, RuntimeFunction } from './types.js';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
// Lambda gives the init phase (module load) its own 10 s, apart from the function timeout.
const INIT_TIMEOUT_MS = 10_000;

interface InvokeMeta {
  readonly requestId?: string;
  readonly qualifier?: string;
  readonly invokedFunctionArn: string;
}

type WorkerMessage =
  | { type: 'init'; error?: FunctionErrorPayload }
  | { type: 'result'; id: string; payload?: string; error?: FunctionErrorPayload };

function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * One warm execution environment: a worker thread with the function's own `process.env` and heap limit. A crash,
 * `process.exit` or endless loop ends the worker, never the local cloud.
 */
class Instance {
  readonly worker: Worker;
  private pending?: { id: string; resolve: (message: WorkerMessage | FunctionErrorPayload) => void };
  private exited?: FunctionErrorPayload;

  constructor(fn: RuntimeFunction, log: LogSink) {
    this.worker = new Worker(BOOTSTRAP, {
      workerData: { bundlePath: fn.bundlePath, handlerName: fn.handlerName },
      env: { ...fn.environment },
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, fn.memoryMb) },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(fn.name, line));
    }
    this.worker.on('message', (message: WorkerMessage) => {
      const pending = this.pending;
      if (pending === undefined) return;
      if (message.type === 'result' && message.id !== pending.id) return;
      this.pending = undefined;
      pending.resolve(message);
    });
    // An uncaught exception or unhandled rejection ends the worker with an 'error' event; without a listener it
    // would be rethrown in the local cloud's own thread.
    this.worker.on('error', (error: Error) => {
      this.fail({
        errorType: error.name || 'Error',
        errorMessage: error.message,
        trace: (error.stack ?? '').split('\n'),
      });
    });
    this.worker.on('exit', (code) => {
      this.fail({
        errorType: 'Runtime.ExitError',
        errorMessage: `Runtime exited with error: exit status ${code}`,
      });
    });
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  private fail(error: FunctionErrorPayload): void {
    this.exited ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(this.exited);
  }

  /** Sends a message and waits for the answer, the worker's death, or the deadline. */
  request(
    id: string,
    message: object,
    timeoutMs: number,
  ): Promise<WorkerMessage | FunctionErrorPayload | 'timeout'> {
    if (this.exited !== undefined) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve('timeout');
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
      };
      this.worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.exited ??= { errorType: 'Runtime.ExitError', errorMessage: 'Execution environment stopped' };
    await this.worker.terminate();
  }
}

type Acquired = { readonly instance: Instance } | { readonly failure: FunctionErrorPayload };

/** The execution environments of one function, reused warm, at most `maxConcurrency` at once. */
export class FunctionPool {
  private readonly idle: Instance[] = [];
  private readonly all = new Set<Instance>();
  private readonly waiting: (() => void)[] = [];
  private stopped = false;
  private invocations = 0;
  private errors = 0;
  private maxMemoryUsedBytes = 0;

  constructor(
    readonly fn: RuntimeFunction,
    private readonly log: LogSink,
  ) {}

  /**
   * `maxMemoryUsedBytes` plays Lambda's "Max Memory Used": the most any environment held in its V8 heap and in
   * external memory (buffers) while an invocation ran, sampled every 20 ms. A worker shares the process, so its
   * RSS cannot be told apart; code and the runtime's own memory are left out.
   */
  get stats(): { invocations: number; errors: number; instances: number; maxMemoryUsedBytes: number } {
    return {
      invocations: this.invocations,
      errors: this.errors,
      instances: this.all.size,
      maxMemoryUsedBytes: this.maxMemoryUsedBytes,
    };
  }

  /** Samples the environment's memory until `done` settles. */
  private sampleMemory(instance: Instance): () => void {
    const sample = () => {
      instance.worker
        .getHeapStatistics()
        .then((heap) => {
          this.maxMemoryUsedBytes = Math.max(
            this.maxMemoryUsedBytes,
            heap.used_heap_size + heap.external_memory,
          );
        })
        .catch(() => undefined); // the worker ended meanwhile
    };
    sample();
    const timer = setInterval(sample, 20);
    timer.unref();
    return () => {
      clearInterval(timer);
      sample();
    };
  }

  async invoke(event: string, meta: InvokeMeta): Promise<InvocationResult> {
    const requestId = meta.requestId ?? randomUUID();
    const started = performance.now();
    this.invocations += 1;
    const finish = (payload: string, error?: FunctionErrorPayload): InvocationResult => {
      if (error !== undefined) this.errors += 1;
      return {
        requestId,
        payload,
        durationMs: performance.now() - started,
        ...(error === undefined ? {} : { error }),
      };
    };
    const failed = (error: FunctionErrorPayload) => finish(JSON.stringify(error), error);

    const acquired = await this.acquire();
    if ('failure' in acquired) return failed(acquired.failure);
    const { instance } = acquired;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const stopSampling = this.sampleMemory(instance);
    const answer = await instance.request(
      requestId,
      {
        type: 'invoke',
        id: requestId,
        event,
        context: {
          awsRequestId: requestId,
          functionName: this.fn.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: meta.invokedFunctionArn,
          memoryLimitInMB: String(this.fn.memoryMb),
          logGroupName: `/aws/lambda/${this.fn.name}`,
          logStreamName: `local/[$LATEST]${instance.worker.threadId}`,
          deadline: Date.now() + timeoutMs,
          traceId: traceId(),
        },
      },
      timeoutMs,
    );
    stopSampling();
    if (answer === 'timeout') {
      // Lambda stops the environment of a timed-out invocation; the next one starts cold.
      this.discard(instance);
      const seconds = this.fn.timeoutSeconds.toFixed(2);
      this.log(this.fn.name, `${requestId} Task timed out after ${seconds} seconds`);
      return failed({
        errorType: 'Sandbox.Timedout',
        errorMessage: `${requestId} Task timed out after ${seconds} seconds`,
      });
    }
    if ('errorType' in answer) {
      // The worker died (crash, process.exit, out of memory): a new environment serves the next invocation.
      this.discard(instance);
      this.log(this.fn.name, `${requestId} ${answer.errorType}: ${answer.errorMessage}`);
      return failed(answer);
    }
    this.release(instance);
    if (answer.type === 'result' && answer.error !== undefined) return failed(answer.error);
    return finish(answer.type === 'result' ? (answer.payload ?? 'null') : 'null');
  }

  private async acquire(): Promise<Acquired> {
    for (;;) {
      if (this.stopped)
        return { failure: { errorType: 'Runtime.ExitError', errorMessage: 'The local cloud is stopping' } };
      const warm = this.idle.pop();
      if (warm !== undefined) return { instance: warm };
      if (this.all.size < this.fn.maxConcurrency) return this.start();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** A cold start: a new worker that loads the bundle (Lambda's init phase). */
  private async start(): Promise<Acquired> {
    const instance = new Instance(this.fn, this.log);
    this.all.add(instance);
    const answer = await instance.request('init', { type: 'init' }, INIT_TIMEOUT_MS);
    let failure: FunctionErrorPayload | undefined;
    if (answer === 'timeout') {
      failure = {
        errorType: 'Runtime.InitTimeout',
        errorMessage: `Init did not finish in ${INIT_TIMEOUT_MS / 1000} s`,
      };
    } else if ('errorType' in answer) {
      failure = answer;
    } else if (answer.type === 'init') {
      failure = answer.error;
    }
    if (failure === undefined) return { instance };
    this.discard(instance);
    this.log(this.fn.name, `INIT ${failure.errorType}: ${failure.errorMessage}`);
    return { failure };
  }

  private release(instance: Instance): void {
    this.idle.push(instance);
    this.waiting.shift()?.();
  }

  private discard(instance: Instance): void {
    this.all.delete(instance);
    void instance.terminate();
    this.waiting.shift()?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([...this.all].map((instance) => instance.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }
}
