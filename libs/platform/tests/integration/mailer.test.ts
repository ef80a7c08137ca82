import { SESClient } from '@aws-sdk/client-ses';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearSensitiveValues,
  createLogger,
  createMailer,
  html,
  mailTemplate,
  text,
} from '../../src/index.js';
import { captureOutput, type CapturedOutput } from '../support/output.js';

// The real SES v1 client over the wire to the local cloud's SES (aws-ses-v2-local), the mail read back from its
// store and as the .eml it would deliver.
interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

let cloud: TestLocalCloud;
let ses: SESClient;
let output: CapturedOutput;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [] });
  ses = new SESClient(cloud.clientConfig);
});

afterAll(async () => {
  ses?.destroy();
  await cloud?.stop();
});

beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  clearSensitiveValues();
});

const licenseIssued = mailTemplate(
  'license-issued',
  (p: { holder: string; license: string; boardNote: string }) => ({
    subject: text`License ${p.license} issued to ${p.holder}`,
    text: text`Dear ${p.holder},\n\nlicense ${p.license} is issued.\nNote from the board: ${p.boardNote}\n`,
    html: html`<p>Dear ${p.holder},</p>
      <p>license <b>${p.license}</b> is issued.</p>
      <p class="note">Note from the board: ${p.boardNote}</p>`,
  }),
);

async function storedMail(messageId: string): Promise<StoredMail> {
  const response = await fetch(`${cloud.sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  const mail = emails.find((e) => e.messageId === messageId);
  if (mail === undefined) throw new Error(`mail ${messageId} not in the SES store`);
  return mail;
}

/** The .eml the emulator composes from what SES received (nodemailer's buffer, sent as JSON). */
async function emlOf(messageId: string): Promise<string> {
  const response = await fetch(`${cloud.sesUrl}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  const { body } = (await response.json()) as { body: { type: 'Buffer'; data: number[] } };
  return Buffer.from(body.data).toString('utf8').replace(/\r\n/g, '\n');
}

describe('createMailer against the local cloud SES', () => {
  it('delivers escaped HTML, the text part and the headers as SES received them, and logs none of the values', async () => {
    const mailer = createMailer({
      from: 'Licensing Board <no-reply@licensing.example.gov>',
      sesClient: ses,
      logger: createLogger({ serviceName: 'mailer-it' }),
    });
    const params = {
      holder: `Zoë O'Hara <script>alert(1)</script>`,
      license: 'RN-889104',
      boardNote: `<img src=x onerror="steal()"> & "quotes"`,
    };
    const { messageId } = await mailer.send(licenseIssued, params, {
      to: 'zoe.ohara@example.org',
      cc: ['registrar@example.gov'],
      bcc: ['audit@example.gov'],
      replyTo: ['help@licensing.example.gov'],
    });

    const mail = await storedMail(messageId);
    expect(mail.from).toBe('Licensing Board <no-reply@licensing.example.gov>');
    expect(mail.destination).toEqual({
      to: ['zoe.ohara@example.org'],
      cc: ['registrar@example.gov'],
      bcc: ['audit@example.gov'],
    });
    expect(mail.replyTo).toEqual(['help@licensing.example.gov']);
    expect(mail.subject).toBe(`License RN-889104 issued to ${params.holder}`);
    expect(mail.body.text).toBe(
      `Dear ${params.holder},\n\nlicense RN-889104 is issued.\nNote from the board: ${params.boardNote}\n`,
    );
    const body = mail.body.html ?? '';
    expect(body).toContain('<p>Dear Zoë O&#39;Hara &lt;script&gt;alert(1)&lt;/script&gt;,</p>');
    expect(body).toContain(
      'Note from the board: &lt;img src=x onerror=&quot;steal()&quot;&gt; &amp; &quot;quotes&quot;',
    );
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');

    // The message as it would be delivered: headers and both MIME parts.
    const eml = await emlOf(messageId);
    expect(eml).toMatch(/^From: Licensing Board <no-reply@licensing\.example\.gov>$/m);
    expect(eml).toMatch(/^To: zoe\.ohara@example\.org$/m);
    expect(eml).toMatch(/^Cc: registrar@example\.gov$/m);
    expect(eml).toMatch(/^Reply-To: help@licensing\.example\.gov$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m); // non-ASCII subject, MIME-encoded
    expect(eml).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(eml).toMatch(/^Content-Type: text\/html; charset=utf-8$/m);

    const logged = output.text();
    expect(logged).toContain('"template":"license-issued"');
    for (const value of [
      'zoe.ohara@example.org',
      'registrar@example.gov',
      'audit@example.gov',
      "O'Hara",
      'RN-889104',
      'steal()',
    ]) {
      expect(logged).not.toContain(value);
    }
  });

  it('reports SES refusing the mail as MailDeliveryError (the emulator refuses an empty body)', async () => {
    const mailer = createMailer({ from: 'no-reply@licensing.example.gov', sesClient: ses });
    const empty = mailTemplate('empty', () => ({ subject: 'Nothing', text: '', html: html`` }));
    await expect(mailer.send(empty, {}, { to: 'someone@example.org' })).rejects.toMatchObject({
      name: 'MailDeliveryError',
      retryable: false,
    });
  });
});
