import { existsSync } from 'node:fs';
import { mailsTo, startLocalCloud, waitForMail, type SentMail, type TestLocalCloud } from '@backend/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/index.js';

// The pages in headless Chromium (Debian's `chromium`, driven by playwright-core: no browser download) against the
// local cloud, which serves them and runs the six functions: the whole flow a person walks, mail read from the
// local SES inbox. CHROMIUM_PATH points at another binary.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

let cloud: TestLocalCloud;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The pages test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  [cloud, browser] = await Promise.all([
    startLocalCloud({ services: [accountsService] }),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // A 4xx the page shows the user is logged by Chromium as a failed resource; anything else is a page bug.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      pageErrors.push(message.text());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

const open = (path: string) => page.goto(`${cloud.httpApiUrl}/accounts/${path}`);
const linkIn = (mail: SentMail, pageName: string) =>
  new RegExp(`(http://\\S+/accounts/${pageName}\\.html#\\S+)`).exec(mail.body.text ?? '')![1]!;
const status = () => page.getByRole('status');
// Each answer waits for a password hash (scrypt, ~0.5 s on a busy machine), longer than expect.poll's default second.
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

// Each password hash takes ~0.6 s, several seconds on a loaded 2-core machine: these tests wait for many.
describe('the accounts pages in Chromium', { timeout: 120_000 }, () => {
  it('walk sign-up, verification, login, password change, reset by mail, and login with the new password', async () => {
    const email = `browser.${Date.now()}@example.gov`;
    const first = 'amber lighthouse 24 kites';
    const second = 'velvet glacier 81 trumpets';
    const third = 'mossy drawbridge 17 comets';

    await open('index.html');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.getByLabel('E-mail address').fill(email);
    // A weak password: the error is shown next to the field and tied to it.
    await page.getByLabel('Password').fill('qwerty123456');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const password = page.getByLabel('Password');
    await eventually(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.locator('#password-error').textContent()).toMatch(/too common/);

    await password.fill(first);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await eventually(() => status().textContent()).toMatch(/Check your mail/);
    expect(await password.getAttribute('aria-invalid')).toBeNull();

    await page.goto(linkIn(await waitForMail(cloud.sesUrl, email), 'verify'));
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await eventually(() => status().textContent()).toMatch(/confirmed/);

    await open('login.html');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(first);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/change-password\.html$/);

    await page.getByLabel('Current password').fill(first);
    await page.getByLabel('New password').fill(second);
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => status().textContent()).toMatch(/password is changed/);

    await open('lost-password.html');
    const before = (await mailsTo(cloud.sesUrl, email)).length;
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await eventually(() => status().textContent()).toMatch(/Check your mail/);

    await page.goto(linkIn(await waitForMail(cloud.sesUrl, email, { already: before }), 'reset-password'));
    await page.getByLabel('New password').fill(third);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await eventually(() => status().textContent()).toMatch(/password is changed/);

    await open('login.html');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(second);
    await page.getByRole('button', { name: 'Log in' }).click();
    await eventually(() => page.locator('.form-error').textContent()).toBe('Invalid credentials');
    await page.getByLabel('Password').fill(third);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/change-password\.html$/);

    expect(pageErrors).toEqual([]);
  });

  it('labels every input and loads nothing from another origin', async () => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(cloud.httpApiUrl)) external.push(request.url());
    });
    for (const name of [
      'index',
      'sign-up',
      'verify',
      'login',
      'change-password',
      'lost-password',
      'reset-password',
    ]) {
      await open(`${name}.html`);
      // Each visible input is named by exactly one <label for>.
      const ids = await page
        .locator('input:not([type="hidden"])')
        .evaluateAll((inputs) => inputs.map((input) => input.id));
      for (const id of ids)
        expect(await page.locator(`label[for="${id}"]`).count(), `${name} #${id}`).toBe(1);
      const unlabelled = ids.filter((id) => id === '');
      expect(unlabelled, name).toEqual([]);
      expect(await page.locator('h1').count(), name).toBe(1);
    }
    expect(external).toEqual([]);
  });
});
