import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from './body.js';

/**
 * Fault injection: rules that make the edge answer matching requests with AWS's own error for the case, slowly,
 * with part of a batch unprocessed, or not at all (the socket is dropped). Off unless a rule is added through
 * `/_local-cloud/faults`; every rule counts the requests it matched and the faults it caused.
 */

export type FaultEffect =
  | { readonly type: 'error'; readonly code: string }
  | { readonly type: 'latency'; readonly ms: number }
  | { readonly type: 'drop' }
  /** `dynamodb:BatchWriteItem` only: this share (0 < share <= 1) of the items comes back in UnprocessedItems. */
  | { readonly type: 'unprocessedItems'; readonly share: number }
  /** `dynamodb:BatchGetItem` only: this share (0 < share <= 1) of the keys comes back in UnprocessedKeys. */
  | { readonly type: 'unprocessedKeys'; readonly share: number };

export interface FaultRule {
  /** `service:Operation` as AWS names them (`dynamodb:BatchWriteItem`), or `service:*` for every operation. */
  readonly target: string;
  readonly effect: FaultEffect;
  /** Fire for the next N matching calls only (with `probability`: until it fired N times). */
  readonly times?: number;
  /** Fire for this share of matching calls (0..1); every matching call without it. */
  readonly probability?: number;
  /** Makes the `probability` draws repeatable. */
  readonly seed?: number;
  /** Let the first N matching calls through untouched, then start firing (a fault in the middle of a run). */
  readonly after?: number;
}

export interface FaultRuleState extends FaultRule {
  readonly id: string;
  /** Requests that matched the target (also after `times` ran out: a test sees the call that went through). */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly fired: number;
}

/** A fault rule the control endpoint refuses (answered with 400 and this message). */
export class InvalidFaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFaultRuleError';
  }
}

interface AwsErrorSpec {
  readonly status: number;
  readonly message: string;
}

// The errors every AWS service documents in its "Common Errors".
const COMMON_ERRORS: Readonly<Record<string, AwsErrorSpec>> = {
  ThrottlingException: { status: 400, message: 'Rate exceeded' },
  InternalFailure: { status: 500, message: 'The request processing has failed because of an unknown error' },
  ServiceUnavailable: {
    status: 503,
    message: 'The request has failed due to a temporary failure of the server',
  },
};

/** Each service's own errors for throttling and server faults, with the status AWS sends them with. */
const SERVICE_ERRORS: Readonly<Record<string, Readonly<Record<string, AwsErrorSpec>>>> = {
  dynamodb: {
    ProvisionedThroughputExceededException: {
      status: 400,
      message:
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    },
    ThrottlingException: { status: 400, message: 'Rate of requests exceeds the allowed throughput.' },
    RequestLimitExceeded: {
      status: 400,
      message: 'Throughput exceeds the current throughput limit for your account.',
    },
    InternalServerError: { status: 500, message: 'Internal server error' },
  },
  s3: {
    ServiceUnavailable: { status: 503, message: 'Service is unable to handle request.' },
    SlowDown: { status: 503, message: 'Please reduce your request rate.' },
    InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  },
  ses: {
    Throttling: { status: 400, message: 'Maximum sending rate exceeded.' },
    TooManyRequestsException: { status: 429, message: 'Maximum sending rate exceeded.' },
    // A permanent refusal: the sender or a recipient is not verified (sandbox), or the mail is refused.
    MessageRejected: { status: 400, message: 'Email address is not verified.' },
  },
  sqs: { RequestThrottled: { status: 400, message: 'Request is throttled.' } },
  sns: {
    Throttled: { status: 429, message: 'Rate exceeded' },
    InternalError: { status: 500, message: 'Internal error' },
    // A permanent refusal of a Publish to a phone number (SNS names no number in it here).
    InvalidParameter: {
      status: 400,
      message: 'Invalid parameter: PhoneNumber Reason: not valid to publish to',
    },
  },
  lambda: {
    TooManyRequestsException: { status: 429, message: 'Rate Exceeded.' },
    ServiceException: { status: 500, message: 'The AWS Lambda service encountered an internal error.' },
  },
  ssm: { InternalServerError: { status: 500, message: 'An error occurred on the server side.' } },
  secretsmanager: {
    InternalServiceError: { status: 500, message: 'An error occurred on the server side.' },
  },
  sts: {},
  // Not AWS: Google's reCAPTCHA siteverify, played by the edge. Its failures are bare HTTP statuses.
  recaptcha: {
    InternalError: { status: 500, message: 'Internal Server Error' },
    ServiceUnavailable: { status: 503, message: 'Service Unavailable' },
  },
  'cognito-identity': {
    TooManyRequestsException: { status: 400, message: 'Rate exceeded' },
    InternalErrorException: { status: 500, message: 'An internal error occurred.' },
  },
};

/** Services that send only their own errors, not AWS's common ones. */
const OWN_ERRORS_ONLY = new Set(['s3', 'recaptcha']);

export const FAULT_SERVICES = Object.keys(SERVICE_ERRORS);

/** AWS's error `code` for `service`, or undefined when that service does not send it. */
export function awsErrorOf(service: string, code: string): AwsErrorSpec | undefined {
  return SERVICE_ERRORS[service]?.[code] ?? (OWN_ERRORS_ONLY.has(service) ? undefined : COMMON_ERRORS[code]);
}

function errorCodesOf(service: string): string[] {
  const own = Object.keys(SERVICE_ERRORS[service] ?? {});
  return OWN_ERRORS_ONLY.has(service) ? own : [...new Set([...own, ...Object.keys(COMMON_ERRORS)])];
}

/** mulberry32: a tiny seeded generator, enough for repeatable fault draws (not for anything secret). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULE_FIELDS = new Set(['target', 'effect', 'times', 'probability', 'seed', 'after']);
const MAX_LATENCY_MS = 60_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): never {
  throw new InvalidFaultRuleError(message);
}

function effectOf(value: unknown, service: string, operation: string): FaultEffect {
  if (!isObject(value)) invalid('effect is required: an object with a type');
  const allowed = (fields: string[]) => {
    const extra = Object.keys(value).filter((key) => !['type', ...fields].includes(key));
    if (extra.length > 0) invalid(`effect ${String(value.type)} does not take ${extra.join(', ')}`);
  };
  switch (value.type) {
    case 'error': {
      allowed(['code']);
      const codes = errorCodesOf(service);
      if (typeof value.code !== 'string' || awsErrorOf(service, value.code) === undefined) {
        invalid(`effect.code for ${service} must be one of ${codes.join(', ')}`);
      }
      return { type: 'error', code: value.code };
    }
    case 'latency':
      allowed(['ms']);
      if (!Number.isInteger(value.ms) || (value.ms as number) < 1 || (value.ms as number) > MAX_LATENCY_MS) {
        invalid(`effect.ms must be an integer from 1 to ${MAX_LATENCY_MS}`);
      }
      return { type: 'latency', ms: value.ms as number };
    case 'drop':
      allowed([]);
      return { type: 'drop' };
    case 'unprocessedItems':
    case 'unprocessedKeys': {
      allowed(['share']);
      // Items of a batch write, keys of a batch get.
      const [batch, what] =
        value.type === 'unprocessedItems' ? ['BatchWriteItem', 'items'] : ['BatchGetItem', 'keys'];
      if (service !== 'dynamodb' || operation !== batch)
        invalid(`effect ${value.type} applies to dynamodb:${batch} only`);
      if (typeof value.share !== 'number' || !(value.share > 0 && value.share <= 1)) {
        invalid(
          `effect.share must be a number above 0 and at most 1 (the share of ${what} left unprocessed)`,
        );
      }
      return { type: value.type, share: value.share };
    }
    default:
      return invalid('effect.type must be one of error, latency, drop, unprocessedItems, unprocessedKeys');
  }
}

/** Checks a rule as the control endpoint receives it; throws InvalidFaultRuleError with what is wrong. */
export function parseFaultRule(value: unknown): FaultRule {
  if (!isObject(value)) invalid('The body must be a JSON object: { "target", "effect", ... }');
  const unknown = Object.keys(value).filter((key) => !RULE_FIELDS.has(key));
  if (unknown.length > 0) {
    invalid(`Unknown field ${unknown.join(', ')} (a rule has ${[...RULE_FIELDS].join(', ')})`);
  }
  const target = value.target;
  const match = typeof target === 'string' ? /^([a-z0-9-]+):([A-Za-z0-9]+|\*)$/.exec(target) : null;
  if (match === null) invalid('target must be "service:Operation", e.g. "dynamodb:BatchWriteItem" or "s3:*"');
  const service = match[1]!;
  if (!FAULT_SERVICES.includes(service)) {
    invalid(`target service must be one of ${FAULT_SERVICES.join(', ')}`);
  }
  const rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = {
    target: target as string,
    effect: effectOf(value.effect, service, match[2]!),
  };
  if (value.times !== undefined) {
    if (!Number.isInteger(value.times) || (value.times as number) < 1) {
      invalid('times must be a positive integer');
    }
    rule.times = value.times as number;
  }
  if (value.probability !== undefined) {
    const p = value.probability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) invalid('probability must be a number from 0 to 1');
    rule.probability = p;
  }
  if (value.seed !== undefined) {
    if (!Number.isInteger(value.seed)) invalid('seed must be an integer');
    if (rule.probability === undefined) invalid('seed needs a probability');
    rule.seed = value.seed as number;
  }
  if (value.after !== undefined) {
    if (!Number.isInteger(value.after) || (value.after as number) < 0) {
      invalid('after must be a non-negative integer (the matching calls let through first)');
    }
    rule.after = value.after as number;
  }
  return rule;
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly id: string;
  readonly service: string;
  readonly operation: string;
  readonly random: () => number;
  matched: number;
  fired: number;
}

/** The rules of one edge, in the order they were added; the first matching rule that fires applies. */
export class FaultController {
  private rules: ActiveRule[] = [];

  add(value: unknown): FaultRuleState {
    const rule = parseFaultRule(value);
    const [service, operation] = rule.target.split(':') as [string, string];
    const active: ActiveRule = {
      rule,
      id: randomUUID(),
      service,
      operation,
      random: rule.seed === undefined ? Math.random : seededRandom(rule.seed),
      matched: 0,
      fired: 0,
    };
    this.rules.push(active);
    return stateOf(active);
  }

  list(): FaultRuleState[] {
    return this.rules.map(stateOf);
  }

  clear(): void {
    this.rules = [];
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  /** Whether any rule names this service: only then does the edge read a query body to find the operation. */
  watches(service: string): boolean {
    return this.rules.some((rule) => rule.service === service);
  }

  /** The effect to apply to a request now, if a rule fires for it (counting what matched and what fired). */
  draw(service: string, operation: string | undefined): FaultEffect | undefined {
    for (const active of this.rules) {
      if (active.service !== service) continue;
      if (active.operation !== '*' && active.operation !== operation) continue;
      const { times, probability, after = 0 } = active.rule;
      active.matched += 1;
      if (active.matched <= after) continue;
      if (times !== undefined && active.fired >= times) continue;
      if (probability !== undefined && !(active.random() < probability)) continue;
      active.fired += 1;
      return active.rule.effect;
    }
    return undefined;
  }
}

function stateOf(active: ActiveRule): FaultRuleState {
  return { id: active.id, ...active.rule, matched: active.matched, fired: active.fired };
}

/**
 * Applies a drawn effect that is the same for every service: an error (sent by `sendError` in the service's wire
 * shape), a dropped connection, or latency. Answers true when the request has been answered (or dropped).
 */
export async function applyFault(
  req: IncomingMessage,
  res: ServerResponse,
  service: string,
  effect: FaultEffect,
  sendError: (status: number, code: string, message: string) => void,
): Promise<boolean> {
  switch (effect.type) {
    case 'latency': {
      // A client that hangs up meanwhile (its SDK timed out, its Lambda was stopped) leaves a request that never
      // reached the service: it is not applied, so what a stopped caller had in flight is known.
      const hungUp = new AbortController();
      const onClose = () => hungUp.abort();
      res.once('close', onClose);
      try {
        await sleep(effect.ms, undefined, { signal: hungUp.signal });
      } catch {
        req.resume();
        return true;
      } finally {
        res.off('close', onClose);
      }
      return false;
    }
    case 'drop':
      // As a broken network does: no status, no body, the connection reset under the client.
      req.socket.resetAndDestroy();
      return true;
    case 'error': {
      const spec = awsErrorOf(service, effect.code)!;
      req.resume();
      sendError(spec.status, effect.code, spec.message);
      return true;
    }
    default:
      return false;
  }
}

const CONTROL_PATH = '/_local-cloud/faults';
const MAX_RULE_BODY = 64 * 1024;

function sendControlJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendControlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendControlJson(res, status, { error: { code, message } });
}

/**
 * `/_local-cloud/faults` (unsigned, like `/_local-cloud/health`): POST adds a rule (201 with its id), GET lists
 * the rules with their counters, DELETE removes every rule, DELETE `/<id>` one. False for any other path.
 */
export async function serveFaultControl(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultController,
): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (path !== CONTROL_PATH && !path.startsWith(`${CONTROL_PATH}/`)) return false;
  const id = path.slice(CONTROL_PATH.length + 1);
  if (id !== '') {
    if (req.method !== 'DELETE') {
      req.resume();
      sendControlError(res, 405, 'MethodNotAllowed', `Use DELETE ${CONTROL_PATH}/<id> to remove one rule`);
    } else if (faults.remove(id)) res.writeHead(204).end();
    else sendControlError(res, 404, 'FaultRuleNotFound', `No fault rule has the id ${id}`);
    return true;
  }
  switch (req.method) {
    case 'GET':
      sendControlJson(res, 200, { faults: faults.list() });
      return true;
    case 'DELETE':
      faults.clear();
      res.writeHead(204).end();
      return true;
    case 'POST': {
      const raw = await readBody(req, MAX_RULE_BODY);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendControlError(res, 400, 'InvalidFaultRule', 'The body is not valid JSON');
        return true;
      }
      try {
        sendControlJson(res, 201, faults.add(body));
      } catch (error) {
        if (!(error instanceof InvalidFaultRuleError)) throw error;
        sendControlError(res, 400, 'InvalidFaultRule', error.message);
      }
      return true;
    }
    default:
      req.resume();
      sendControlError(res, 405, 'MethodNotAllowed', `${CONTROL_PATH} accepts GET, POST and DELETE`);
      return true;
  }
}
