/** An option of the simulator (port, endpoint, timeout) that cannot be used; the message names it. */
export class SimulatorConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulatorConfigError';
  }
}

/** The Lambda API did not accept a job (function missing, throttled, local cloud down). */
export class JobInvocationError extends Error {
  readonly functionName: string;

  constructor(functionName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobInvocationError';
    this.functionName = functionName;
  }
}
