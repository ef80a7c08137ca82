export interface JobDeadlineInput {
  /** The most the job may take, sized to fit the IDP's 60-second wait. */
  budgetMs: number;
  /** What the Lambda runtime has left (context.getRemainingTimeInMillis()). */
  remainingMs: number;
  /** Time kept back from the vendors for delivering the callback. */
  callbackReserveMs?: number;
  /** Time kept back from the Lambda timeout so the job can still log and return. */
  safetyMs?: number;
}

export interface JobDeadlines {
  /** Fires when vendors must stop, leaving the callback its reserve. */
  vendor: AbortSignal;
  /** Fires when the job's whole budget is spent. */
  job: AbortSignal;
}

/** Derives the vendor and job deadlines from the budget and the time Lambda has left, whichever is sooner. */
export function jobDeadlines(input: JobDeadlineInput): JobDeadlines {
  const { budgetMs, remainingMs, callbackReserveMs = 5_000, safetyMs = 500 } = input;
  const jobMs = Math.max(0, Math.min(budgetMs, remainingMs - safetyMs));
  return {
    job: AbortSignal.timeout(jobMs),
    vendor: AbortSignal.timeout(Math.max(0, jobMs - callbackReserveMs)),
  };
}

/** Settles with `work`, or rejects with `onAbort()` as soon as `signal` fires, whichever comes first. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
