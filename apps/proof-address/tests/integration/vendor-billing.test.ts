import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { countLogMessages, startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A vendor bills per request: across Lambda's async retries (the local cloud retries twice, as AWS does) the
// vendor must be called at most once per result, and not at all when the outcome could not be stored.
const FUNCTION = 'local-proof-address';

const pii = {
  uuid: '1b7e2c44-9a0f-4d3e-8c61-7f5a2e9d0b13',
  first_name: 'Evangelina',
  last_name: 'Thistlewood',
  dob: '1969-11-03',
  ssn: '900-58-2417',
  phone: '+1 202-555-0173',
};

let harness: ProofingHarness;
let ssm: SSMClient;
let goodKey: string;
beforeAll(async () => {
  harness = await startProofingHarness({
    services: [proofingService],
    // No parameter cache, so a changed outcome key is read at once.
    functionEnvironment: { [FUNCTION]: { POWERTOOLS_PARAMETERS_MAX_AGE: '0' } },
    // The IDP is down for results whose path says so; it takes the failure report on /failed/.
    receiver: { status: (request) => (request.path.includes('/idp-down/') ? 503 : 200) },
  });
  ssm = new SSMClient(harness.cloud.clientConfig);
  const stored = await ssm.send(
    new GetParameterCommand({ Name: harness.outcomeKeyParameter, WithDecryption: true }),
  );
  goodKey = stored.Parameter?.Value ?? '';
});
afterAll(async () => {
  ssm?.destroy();
  await harness?.stop();
});

const putOutcomeKey = (value: string) =>
  ssm.send(
    new PutParameterCommand({
      Name: harness.outcomeKeyParameter,
      Value: value,
      Type: 'SecureString',
      Overwrite: true,
    }),
  );
const linesOf = (resultId: string) => harness.resultLogs(FUNCTION, resultId);

async function invoke(path: string) {
  const callback_url = `${harness.receiver.url}/api/proofing_results/address/${path}`;
  const invoked = await harness.cloud.invoke(
    FUNCTION,
    { applicant_pii: pii, callback_url },
    { invocationType: 'Event' },
  );
  expect(invoked.statusCode).toBe(202);
  await harness.cloud.drain();
}

describe('proof-address across Lambda retries', () => {
  it('calls the vendor once when the callback fails on every attempt: the retries reuse the stored outcome', async () => {
    await invoke('idp-down/result-billed-once');
    const lines = linesOf('result-billed-once');
    expect(countLogMessages(lines, 'Job failed; Lambda will retry')).toBe(3);
    expect(countLogMessages(lines, 'vendor answered')).toBe(1);
  });

  it('calls no vendor when the outcome key is unusable: the key is read and derived before the vendor', async () => {
    await putOutcomeKey('PLACEHOLDER-set-with-tools-secrets');
    try {
      await invoke('result-bad-key');
    } finally {
      await putOutcomeKey(goodKey);
    }
    const lines = linesOf('result-bad-key');
    expect(countLogMessages(lines, 'Job failed; Lambda will retry')).toBe(3);
    expect(countLogMessages(lines, 'vendor answered')).toBe(0);
    // The failure path still tells the IDP at once; nothing of the applicant reached a log line.
    const report = await vi.waitFor(
      () => {
        const found = harness.receiver.requests.find((r) => r.path.endsWith('/result-bad-key'));
        if (!found) throw new Error('no failure report yet');
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(JSON.parse(report.body)).toMatchObject({
      address_result: { success: false, exception: expect.stringMatching(/^JobFailedError: .*ConfigError/) },
    });
    const logs = harness.cloud.logs(FUNCTION).join('\n');
    for (const value of Object.values(pii)) expect(logs).not.toContain(value);
  });
});
