import { afterEach, describe, expect, it } from 'vitest';
import { CallbackDeliveryError, CallbackRejectedError, deliverCallback } from '../../src/index.js';
import { verifyCallbackSignature } from '@backend/contracts';
import { startCallbackReceiver, type CallbackReceiver } from '@backend/testing';

const fast = { baseDelayMs: 5 };
let receiver: CallbackReceiver | undefined;
afterEach(() => receiver?.close());

const request = (url: URL, signal = AbortSignal.timeout(10_000)) => ({
  url,
  token: 'address-token',
  signingKey: 'address-signing-key',
  body: { address_result: { success: true } },
  signal,
});

describe('deliverCallback', () => {
  it('POSTs the JSON body with the job token', async () => {
    receiver = await startCallbackReceiver();
    const delivery = await deliverCallback(
      request(new URL('/api/address/proofing_results/r1', receiver.url)),
      fast,
    );
    expect(delivery).toEqual({ status: 200, attempts: 1 });
    const [received] = receiver.requests;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/api/address/proofing_results/r1');
    expect(received?.headers['x-api-auth-token']).toBe('address-token');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received?.body ?? '')).toEqual({ address_result: { success: true } });
    const signature = received?.headers['x-signature'] as string;
    expect(verifyCallbackSignature(signature, received!, 'address-signing-key')).toBe(true);
  });

  it('signs method, path and body with the signing key, which the token cannot stand in for', async () => {
    receiver = await startCallbackReceiver();
    await deliverCallback(request(new URL('/api/address/proofing_results/r7?x=1', receiver.url)), fast);
    const [received] = receiver.requests;
    const signature = received?.headers['x-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v2=[0-9a-f]{64}$/);
    expect(verifyCallbackSignature(signature, received!, 'address-signing-key')).toBe(true);
    // A forgery made with the token alone (it travels in X-API-AUTH-TOKEN) is refused.
    expect(verifyCallbackSignature(signature, received!, 'address-token')).toBe(false);
    expect(
      verifyCallbackSignature(
        signature,
        { ...received!, path: '/api/address/proofing_results/r8' },
        'address-signing-key',
      ),
    ).toBe(false);
    expect(JSON.stringify(received?.headers)).not.toContain('address-signing-key');
  });

  it('retries 5xx and 429 until the IDP accepts', async () => {
    const statuses = [503, 429, 204];
    receiver = await startCallbackReceiver({ status: () => statuses.shift() ?? 500 });
    await expect(deliverCallback(request(new URL('/r', receiver.url)), fast)).resolves.toEqual({
      status: 204,
      attempts: 3,
    });
  });

  it('retries 408 and 425 like 429: the IDP was not ready, not wrong', async () => {
    const statuses = [408, 425, 200];
    receiver = await startCallbackReceiver({ status: () => statuses.shift() ?? 500 });
    await expect(deliverCallback(request(new URL('/r', receiver.url)), fast)).resolves.toEqual({
      status: 200,
      attempts: 3,
    });
  });

  it('counts a 3xx as a failed delivery, not a success and not a final refusal', async () => {
    receiver = await startCallbackReceiver({
      respond: (_req, res) => res.writeHead(302, { location: '/elsewhere' }).end(),
    });
    const delivery = deliverCallback(request(new URL('/r', receiver.url)), fast);
    await expect(delivery).rejects.toBeInstanceOf(CallbackDeliveryError);
    await expect(delivery).rejects.toMatchObject({
      message: 'callback not delivered: HTTP 302',
      attempts: 1,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not retry a 4xx such as a wrong token', async () => {
    receiver = await startCallbackReceiver({ status: 401 });
    const delivery = deliverCallback(request(new URL('/r', receiver.url)), fast);
    await expect(delivery).rejects.toBeInstanceOf(CallbackRejectedError);
    await expect(delivery).rejects.toMatchObject({ status: 401 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow a redirect, so the token never reaches another host', async () => {
    const other = await startCallbackReceiver();
    const redirecting = await startCallbackReceiver({
      respond: (_req, res) => res.writeHead(302, { location: new URL('/steal', other.url).href }).end(),
    });
    receiver = redirecting;
    await expect(deliverCallback(request(new URL('/r', redirecting.url)), fast)).rejects.toBeInstanceOf(
      CallbackDeliveryError,
    );
    expect(other.requests).toHaveLength(0);
    await other.close();
  });

  it('gives up after a bounded number of network errors', async () => {
    const closed = await startCallbackReceiver();
    const url = new URL('/r', closed.url);
    await closed.close();
    const delivery = deliverCallback(request(url), { ...fast, maxAttempts: 3 });
    await expect(delivery).rejects.toBeInstanceOf(CallbackDeliveryError);
    await expect(delivery).rejects.toMatchObject({
      attempts: 3,
      message: 'callback not delivered: network error',
    });
  });

  it('stops at the deadline even when the IDP hangs', async () => {
    receiver = await startCallbackReceiver({ respond: () => undefined /* never answers */ });
    const delivery = deliverCallback(request(new URL('/r', receiver.url), AbortSignal.timeout(300)), fast);
    await expect(delivery).rejects.toMatchObject({
      message: 'callback not delivered: deadline reached',
      attempts: 1,
    });
  });
});
