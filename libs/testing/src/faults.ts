import type { FaultRule, FaultRuleState } from '@backend/local-cloud';
import { FaultControlError } from './errors.js';

/** Anything with the local cloud's edge endpoint: `startLocalCloud()`'s result or `startCloud()`'s. */
export interface FaultTarget {
  readonly endpoint: string;
}

async function control(cloud: FaultTarget, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${cloud.endpoint}/_local-cloud/faults`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = (text === '' ? {} : JSON.parse(text)) as { error?: { code?: string; message?: string } };
    throw new FaultControlError(
      response.status,
      error.error?.code ?? 'FaultControlFailed',
      error.error?.message ?? `The fault control answered ${response.status}`,
    );
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Makes the local cloud answer matching requests with a fault (AWS's error for the case, latency, a dropped
 * connection, unprocessed batch items) until `clearFaults`. Returns the rule with its id and counters.
 */
export async function injectFault(cloud: FaultTarget, rule: FaultRule): Promise<FaultRuleState> {
  return (await control(cloud, 'POST', rule)) as FaultRuleState;
}

/** The rules in force, each with how many requests it matched and how often it fired. */
export async function listFaults(cloud: FaultTarget): Promise<FaultRuleState[]> {
  return ((await control(cloud, 'GET')) as { faults: FaultRuleState[] }).faults;
}

/** Removes every fault rule: call it after each test that injects faults. */
export async function clearFaults(cloud: FaultTarget): Promise<void> {
  await control(cloud, 'DELETE');
}
