import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { countLogMessages, startProofingHarness, type ProofingHarness } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// The proofing jobs under the local cloud's injected faults (docs/local-cloud.md#fault-injection): each outcome
// is checked from outside, as the IDP sees it (callbacks), with the job's own log lines counting vendor calls.
const JOB = 'local-proof-address';
const FAILURES_QUEUE = 'local-proofing-failures';

const pii = {
  uuid: '3f9c1a7e-2b4d-4e8f-9a6c-5d0e1b2c3a4f',
  first_name: 'Ottoline',
  last_name: 'Vanderbilt-Achebe',
  dob: '1977-06-21',
  ssn: '900-41-7258',
  phone: '2025550188',
};

let harness: ProofingHarness;
beforeAll(async () => {
  // A failed message comes back after the queue's visibility timeout: 180 s in the declaration, 1 s here so five
  // receives (the redrive's maxReceiveCount) fit in a test.
  let dropped = false;
  harness = await startProofingHarness({
    services: [proofingService],
    visibilityTimeoutSeconds: { [FAILURES_QUEUE]: 1 },
    // The IDP's connection breaks under the first callback of a result whose path says so.
    receiver: {
      respond: (request, response) => {
        if (request.path.includes('/callback-drops/') && !dropped) {
          dropped = true;
          response.socket?.destroy();
        } else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      },
    },
  });
});
afterEach(() => harness.cloud.clearFaults());
afterAll(() => harness?.stop());

const linesOf = (resultId: string) => harness.resultLogs(JOB, resultId);

async function runJob(resultId: string, applicant_pii: object = pii) {
  const callback_url = `${harness.receiver.url}/api/proofing_results/address/${resultId}`;
  const invoked = await harness.cloud.invoke(
    JOB,
    { applicant_pii, callback_url },
    { invocationType: 'Event' },
  );
  expect(invoked.statusCode).toBe(202);
  await harness.cloud.drain();
  return harness.receiver.requests.filter((r) => r.path.endsWith(`/${resultId}`));
}

function expectNoPii() {
  const logs = [...harness.cloud.logs(JOB), ...harness.cloud.logs('local-proofing-failure')].join('\n');
  for (const value of Object.values(pii)) expect(logs).not.toContain(value);
}

describe('proof-address under DynamoDB faults while storing its outcome', () => {
  it('absorbs throttling the SDK retries: one vendor call, one successful callback', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
      times: 2,
    });
    const callbacks = await runJob('throttled-put');
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 2 });
    expect(callbacks).toHaveLength(1);
    expect(JSON.parse(callbacks[0]!.body).address_result).toMatchObject({ success: true });
    const lines = linesOf('throttled-put');
    expect(countLogMessages(lines, 'vendor answered')).toBe(1);
    expect(countLogMessages(lines, 'Job failed; Lambda will retry')).toBe(0);
    expectNoPii();
  });

  it('fails the invocation when throttling outlasts the SDK, before any vendor call; Lambda’s retry completes it', async () => {
    // Enough throttles of the in-progress record for the SDK's retries of one invocation to give up (a few are
    // absorbed, as the first test shows), too few for all three of Lambda's attempts: the job throws before
    // computing, and a later attempt calls the vendor once and delivers.
    await harness.cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ThrottlingException' },
      times: 6,
    });
    const failedBefore = countLogMessages(harness.cloud.logs(JOB), 'Job failed; Lambda will retry');
    const callbacks = await runJob('throttled-thrice');
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 6 });
    expect(callbacks).toHaveLength(1);
    expect(JSON.parse(callbacks[0]!.body).address_result).toMatchObject({ success: true });
    // The failure is logged before the result id is known: counted over the function's lines.
    const failed = countLogMessages(harness.cloud.logs(JOB), 'Job failed; Lambda will retry') - failedBefore;
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThan(3);
    expect(countLogMessages(linesOf('throttled-thrice'), 'vendor answered')).toBe(1);
    expectNoPii();
  });

  it('still delivers the result once when saving the outcome fails for good after the vendor answered', async () => {
    // Powertools leaves the in-progress record and returns the computed outcome: the IDP gets it once, and the
    // vendor was called once. (A duplicate invocation within the in-progress window would then fail and retry.)
    await harness.cloud.injectFault({
      target: 'dynamodb:UpdateItem',
      effect: { type: 'error', code: 'InternalServerError' },
      times: 3,
    });
    const callbacks = await runJob('save-fails');
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 3 });
    expect(callbacks).toHaveLength(1);
    expect(JSON.parse(callbacks[0]!.body).address_result).toMatchObject({ success: true });
    expect(countLogMessages(linesOf('save-fails'), 'vendor answered')).toBe(1);
    expectNoPii();
  });

  it('survives a dropped DynamoDB connection during the outcome store the same way', async () => {
    await harness.cloud.injectFault({ target: 'dynamodb:UpdateItem', effect: { type: 'drop' }, times: 1 });
    const callbacks = await runJob('dropped-update');
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 1 });
    expect(callbacks).toHaveLength(1);
    expect(JSON.parse(callbacks[0]!.body).address_result).toMatchObject({ success: true });
    expect(countLogMessages(linesOf('dropped-update'), 'vendor answered')).toBe(1);
  });
});

describe('proof-address when its vendor or the IDP fails', () => {
  it('reports a failing vendor to the IDP as an unsuccessful result, once, without retrying the job', async () => {
    // The address mock fails to contact its vendor for a phone ending 999 (libs/vendors/src/address/mock.ts).
    const failedBefore = countLogMessages(harness.cloud.logs(JOB), 'Job failed; Lambda will retry');
    const callbacks = await runJob('vendor-down', { ...pii, phone: '2025550999' });
    expect(callbacks).toHaveLength(1);
    expect(JSON.parse(callbacks[0]!.body).address_result).toMatchObject({
      success: false,
      exception: expect.stringContaining('Failed to contact proofing vendor'),
    });
    expect(countLogMessages(harness.cloud.logs(JOB), 'Job failed; Lambda will retry')).toBe(failedBefore);
    expectNoPii();
  });

  it('delivers the result once more when the IDP’s connection drops under the callback, calling the vendor once', async () => {
    const callbacks = await runJob('callback-drops/result-1');
    expect(callbacks.length).toBeGreaterThanOrEqual(2);
    expect(callbacks.every((c) => c.body === callbacks[0]!.body)).toBe(true);
    expect(JSON.parse(callbacks.at(-1)!.body).address_result).toMatchObject({ success: true });
    expect(countLogMessages(linesOf('result-1'), 'vendor answered')).toBe(1);
    expectNoPii();
  });
});

describe('proofing-failure and a poison message', () => {
  it('moves a message it cannot read to the DLQ after the redrive’s receives, reporting nothing', async () => {
    const sqs = new SQSClient(harness.cloud.clientConfig);
    const before = harness.receiver.requests.length;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: harness.cloud.queueUrl(FAILURES_QUEUE), MessageBody: '{not json' }),
    );
    const dlq = harness.cloud.queueUrl(`${FAILURES_QUEUE}-dlq`);
    const dead = await vi.waitFor(
      async () => {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlq,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        if (!Messages?.length) throw new Error('not in the DLQ yet');
        return Messages[0]!;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(dead.Body).toBe('{not json');
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    expect(harness.receiver.requests.length).toBe(before);
    sqs.destroy();
  });
});
