import { afterEach, describe, expect, it } from 'vitest';
import { CallbackDeliveryError, CallbackRejectedError, deliverCallback } from '../../src/index.js';
import { startReceiver } from '../support/receiver.js';

const fast = { baseDelayMs: 5 };
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(() => receiver?.close());

const request = (url: URL, signal = AbortSignal.timeout(10_000)) => ({
  url,
  token: 'address-token',
  body: { address_result: { success: true } },
  signal,
});

describe('deliverCallback', () => {
  it('POSTs the JSON body with the job token', async () => {
    receiver = await startReceiver();
    const delivery = await deliverCallback(request(receiver.url('/api/address/proofing_results/r1')), fast);
    expect(delivery).toEqual({ status: 200, attempts: 1 });
    const [received] = receiver.requests;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/api/address/proofing_results/r1');
    expect(received?.headers['x-api-auth-token']).toBe('address-token');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received?.body ?? '')).toEqual({ address_result: { success: true } });
  });

  it('retries 5xx and 429 until the IDP accepts', async () => {
    const statuses = [503, 429, 204];
    receiver = await startReceiver((_req, res) => res.writeHead(statuses.shift() ?? 500).end());
    await expect(deliverCallback(request(receiver.url('/r')), fast)).resolves.toEqual({
      status: 204,
      attempts: 3,
    });
  });

  it('does not retry a 4xx such as a wrong token', async () => {
    receiver = await startReceiver((_req, res) => res.writeHead(401).end());
    const delivery = deliverCallback(request(receiver.url('/r')), fast);
    await expect(delivery).rejects.toBeInstanceOf(CallbackRejectedError);
    await expect(delivery).rejects.toMatchObject({ status: 401 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow a redirect, so the token never reaches another host', async () => {
    const other = await startReceiver();
    receiver = await startReceiver((_req, res) =>
      res.writeHead(302, { location: other.url('/steal').href }).end(),
    );
    await expect(deliverCallback(request(receiver.url('/r')), fast)).rejects.toMatchObject({ status: 302 });
    expect(other.requests).toHaveLength(0);
    await other.close();
  });

  it('gives up after a bounded number of network errors', async () => {
    const closed = await startReceiver();
    const url = closed.url('/r');
    await closed.close();
    const delivery = deliverCallback(request(url), { ...fast, maxAttempts: 3 });
    await expect(delivery).rejects.toBeInstanceOf(CallbackDeliveryError);
    await expect(delivery).rejects.toMatchObject({
      attempts: 3,
      message: 'callback not delivered: network error',
    });
  });

  it('stops at the deadline even when the IDP hangs', async () => {
    receiver = await startReceiver(() => undefined /* never answers */);
    const delivery = deliverCallback(request(receiver.url('/r'), AbortSignal.timeout(300)), fast);
    await expect(delivery).rejects.toMatchObject({
      message: 'callback not delivered: deadline reached',
      attempts: 1,
    });
  });
});
