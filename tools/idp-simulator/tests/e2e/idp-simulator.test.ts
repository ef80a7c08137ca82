import { existsSync } from 'node:fs';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { proofingService } from '@backend/proofing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIdpSimulator, type IdpSimulator } from '../../src/index.js';
import { generatePng } from '../support/png.js';
import { startHoldingRelay, type HoldingRelay } from '../support/relay.js';

// Debian's Chromium (`apt-get install -y chromium`), driven through playwright-core: no browser download.
// CHROMIUM_PATH points elsewhere on a machine without it (e.g. a developer's Chrome).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// The pages' sample values; none of them may reach a log line.
const PII = ['McFakerson', '900-12-3456', '1938-10-06', '202-555-1212', '1 FAKE RD', '1111111111111'];
const RESULT_WAIT_MS = 15_000;

let cloud: TestLocalCloud;
let simulator: IdpSimulator;
let relay: HoldingRelay;
let shortWindow: IdpSimulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const simulatorLogs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The end-to-end test needs Chromium at ${CHROMIUM}, and it is missing: apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH to a Chromium or Chrome binary)',
    );
  }
  const log = (line: string) => simulatorLogs.push(line);
  [cloud, browser] = await Promise.all([
    startLocalCloud({ services: [proofingService] }),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  simulator = await startIdpSimulator({ aws: cloud.clientConfig, log });
  // An IDP that waits 1.5 s, reached through a network that holds callbacks until the test lets them through.
  relay = await startHoldingRelay(() => shortWindow.url);
  shortWindow = await startIdpSimulator({
    aws: cloud.clientConfig,
    resultTimeoutMs: 1_500,
    callbackBaseUrl: relay.url,
    log,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([simulator?.close(), shortWindow?.close(), relay?.close()]);
  // Jobs finish their work (outcome records, image clean-up) before the emulators go.
  await cloud?.drain();
  await cloud?.stop();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
});

/** Submits the form and waits for the result page; returns its outcome and the callback body it shows. */
async function submitAndWaitForResult(): Promise<{ outcome: string | null; body: Record<string, unknown> }> {
  await page.click('button[type=submit]');
  const result = page.locator('#result-view');
  await result.waitFor({ state: 'visible', timeout: RESULT_WAIT_MS });
  const body = JSON.parse((await page.locator('#result-json').textContent()) ?? '{}') as Record<
    string,
    unknown
  >;
  return { outcome: await result.getAttribute('data-outcome'), body };
}

describe('address proofing in the browser', () => {
  it('shows a passing result', async () => {
    await page.goto(`${simulator.url}/address`);
    const { outcome, body } = await submitAndWaitForResult();
    expect(outcome).toBe('passed');
    expect(await page.locator('#result-headline').textContent()).toBe('Verified');
    expect(body).toMatchObject({ address_result: { success: true, exception: null, timed_out: false } });
  });

  it('shows a vendor failure (phone ending 999) with a retry button', async () => {
    await page.goto(`${simulator.url}/address`);
    await page.getByRole('button', { name: 'vendor error (…999)' }).click();
    const { outcome, body } = await submitAndWaitForResult();
    expect(outcome).toBe('exception');
    expect(body).toMatchObject({ address_result: { success: false, timed_out: false } });
    expect(await page.locator('#result-exception').textContent()).toMatch(/^VendorError: /);
    expect(await page.locator('#result-retry').isVisible()).toBe(true);
  });

  it('shows a vendor timeout (phone ending 888) as timed out', async () => {
    await page.goto(`${simulator.url}/address`);
    await page.fill('input[name=phone]', '202-555-0888');
    const { outcome, body } = await submitAndWaitForResult();
    expect(outcome).toBe('vendor-timeout');
    expect(await page.locator('#result-headline').textContent()).toBe('The vendor timed out');
    expect(body).toMatchObject({ address_result: { success: false, timed_out: true } });
  });

  it('shows a timeout page when no result comes within the window, refuses the late result, and retries', async () => {
    await page.goto(`${shortWindow.url}/address`);
    await page.click('button[type=submit]');
    await page.locator('#timeout-view').waitFor({ state: 'visible', timeout: RESULT_WAIT_MS });
    expect(await page.locator('#timeout-view h2').textContent()).toBe('We could not get a result in time');
    // The job's callback was held on the way; delivered now, after the window, the IDP refuses it.
    await relay.waitForHeld(RESULT_WAIT_MS);
    await relay.release();
    expect(relay.statuses[0]).toBe(404);

    await page.getByRole('button', { name: 'Try again' }).and(page.locator('#timeout-retry')).click();
    await page.locator('#result-view').waitFor({ state: 'visible', timeout: RESULT_WAIT_MS });
    expect(await page.locator('#result-view').getAttribute('data-outcome')).toBe('passed');
  });
});

describe('resolution proofing in the browser', () => {
  it('shows a pass, with InstantVerify and the AAMVA state ID check', async () => {
    await page.goto(`${simulator.url}/resolution`);
    const { outcome, body } = await submitAndWaitForResult();
    expect(outcome).toBe('passed');
    const stages = (body.resolution_result as { context: { stages: Record<string, string>[] } }).context
      .stages;
    expect(stages.map((stage) => Object.keys(stage)[0])).toEqual(['resolution', 'state_id']);
  });

  it('shows a failure (first name "Bad") with the failing attributes', async () => {
    await page.goto(`${simulator.url}/resolution`);
    await page.getByRole('button', { name: 'fails (Bad)' }).click();
    const { outcome, body } = await submitAndWaitForResult();
    expect(outcome).toBe('failed');
    expect(body).toMatchObject({ resolution_result: { success: false, exception: null, timed_out: false } });
    expect(await page.locator('#result-errors li').count()).toBeGreaterThan(0);
  });
});

describe('document capture in the browser', () => {
  it('encrypts generated PNGs in the browser, uploads them to S3 and shows the result', async () => {
    await page.goto(`${simulator.url}/document`);
    const images = [1, 2, 3].map((seed) => generatePng(64, 40 + seed, seed));
    const pngSignature = images[0]!.subarray(0, 8);
    await page.setInputFiles('input[name=front]', {
      name: 'front.png',
      mimeType: 'image/png',
      buffer: images[0]!,
    });
    await page.setInputFiles('input[name=back]', {
      name: 'back.png',
      mimeType: 'image/png',
      buffer: images[1]!,
    });
    await page.setInputFiles('input[name=selfie]', {
      name: 'selfie.png',
      mimeType: 'image/png',
      buffer: images[2]!,
    });
    await page.check('input[name=liveness_checking_enabled]');
    const uploads: { url: string; status: number; body: Buffer }[] = [];
    page.on('response', (response) => {
      const request = response.request();
      if (request.method() !== 'PUT') return;
      uploads.push({
        url: response.url(),
        status: response.status(),
        body: request.postDataBuffer() ?? Buffer.alloc(0),
      });
    });
    const { outcome, body } = await submitAndWaitForResult();
    expect(uploads.map((u) => u.status)).toEqual([200, 200, 200]);
    expect(uploads.every((u) => u.url.startsWith(`${cloud.endpoint}/local-proofing-documents/`))).toBe(true);
    // What left the browser is ciphertext || 16-byte tag, never the image itself.
    const sizes = (list: number[]) => [...list].sort((a, b) => a - b);
    expect(sizes(uploads.map((u) => u.body.length))).toEqual(sizes(images.map((image) => image.length + 16)));
    expect(uploads.some((u) => u.body.includes(pngSignature))).toBe(false);
    expect(outcome).toBe('passed');
    expect(body).toMatchObject({ document_result: { success: true, exception: null } });
  });
});

describe('logs', () => {
  it('carry no PII: neither the simulator nor any function', async () => {
    const functionLogs = [
      'local-proof-address',
      'local-proof-resolution',
      'local-proof-document',
      'local-proofing-failure',
    ].flatMap((name) => cloud.logs(name));
    expect(functionLogs.length).toBeGreaterThan(0);
    const all = [...simulatorLogs, ...functionLogs].join('\n');
    for (const value of PII) expect(all).not.toContain(value);
  });
});
