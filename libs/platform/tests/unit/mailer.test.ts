import type { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidMailError,
  MailDeliveryError,
  TemplateValueError,
  clearSensitiveValues,
  createLogger,
  createMailer,
  escapeHtml,
  isMailAddress,
  html,
  mailTemplate,
  text,
  type TemplateValue,
} from '../../src/index.js';
import { captureOutput, type CapturedOutput } from '../support/output.js';

const welcome = mailTemplate('welcome', (p: { name: string; code: string }) => ({
  subject: text`Welcome, ${p.name}`,
  text: text`Hello ${p.name},\nyour code is ${p.code}.`,
  html: html`<p>Hello <b>${p.name}</b>, your code is <code>${p.code}</code>.</p>`,
}));

describe('html and text templates', () => {
  it('escapes every interpolated value in html, and nothing of the template itself', () => {
    const name = `<script>alert("x")</script> & 'friends' \`tick\``;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39; &#96;tick&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39; &#96;tick&#96;</p>',
    );
  });

  it('inserts html built by html as is, escapes arrays item by item, and prints numbers', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(
      html`<ul>
          ${items}
        </ul>
        <p>${3} of ${10n}</p>`
        .toString()
        .replace(/>\s+/g, '>')
        .replace(/\s+</g, '<'),
    ).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul><p>3 of 10</p>');
    // A string that looks like markup is still escaped: only html`` makes SafeHtml.
    expect(html`${'<b>bold</b>'}`.toString()).toBe('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('refuses undefined, null, objects and booleans with TemplateValueError, naming the position', () => {
    for (const value of [undefined, null, { a: 1 }, true]) {
      expect(() => html`<p>${'ok'}${value as unknown as TemplateValue}</p>`).toThrow(TemplateValueError);
      expect(() => text`${value as unknown as TemplateValue}`).toThrow(/text template value 0/);
    }
  });

  it('keeps text as written, and refuses html inside text', () => {
    expect(text`a <b> & ${'<c>'}`).toBe('a <b> & <c>');
    expect(() => text`${html`<b>x</b>`}`).toThrow(TemplateValueError);
  });

  it('never lets an interpolated string close its element or attribute, and loses none of it', () => {
    const unescape = (escaped: string) =>
      escaped.replace(
        /&(lt|gt|quot|#39|#96|amp);/g,
        (_m, entity: string) =>
          ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[entity] ?? '',
      );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (value) => {
        const inner = html`${value}`.toString();
        expect(inner).not.toMatch(/[<>"'`]/);
        expect(unescape(inner)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('escapeHtml escapes the five HTML specials and the backtick', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});

describe('createMailer (SES client injected)', () => {
  let output: CapturedOutput;
  let sent: SendEmailCommand[];
  let answer: () => Promise<unknown>;
  const ses = {
    send: vi.fn(async (command: SendEmailCommand) => {
      sent.push(command);
      return answer();
    }),
  } as unknown as SESClient;
  const mailer = createMailer({
    from: 'Licensing <no-reply@licensing.example.gov>',
    configurationSetName: 'licensing',
    sesClient: ses,
    logger: createLogger({ serviceName: 'mailer-test' }),
  });

  beforeEach(() => {
    output = captureOutput();
    sent = [];
    answer = async () => ({ MessageId: 'msg-1' });
  });
  afterEach(() => {
    output.restore();
    clearSensitiveValues();
  });

  it('sends the rendered parts with UTF-8 charsets and logs only the template, message id and count', async () => {
    const result = await mailer.send(
      welcome,
      { name: 'Ximena Q', code: '493817' },
      { to: 'ximena@example.org', bcc: ['audit@example.gov'] },
    );
    expect(result).toEqual({ messageId: 'msg-1' });
    expect(sent[0]?.input).toEqual({
      Source: 'Licensing <no-reply@licensing.example.gov>',
      Destination: {
        ToAddresses: ['ximena@example.org'],
        BccAddresses: ['audit@example.gov'],
      },
      ConfigurationSetName: 'licensing',
      Message: {
        Subject: { Data: 'Welcome, Ximena Q', Charset: 'UTF-8' },
        Body: {
          Text: { Data: 'Hello Ximena Q,\nyour code is 493817.', Charset: 'UTF-8' },
          Html: { Data: '<p>Hello <b>Ximena Q</b>, your code is <code>493817</code>.</p>', Charset: 'UTF-8' },
        },
      },
    });
    const [line] = output.records();
    expect(line).toMatchObject({
      message: 'Mail sent',
      template: 'welcome',
      message_id: 'msg-1',
      recipients: 2,
    });
    for (const secret of ['ximena@example.org', 'audit@example.gov', 'Ximena', '493817']) {
      expect(output.text()).not.toContain(secret);
    }
  });

  it.each([
    ['a header injected into an address', { to: 'a@example.org\r\nBcc: victim@example.org' }, 'to'],
    ['a display name as a recipient', { to: 'Eve <eve@example.org>' }, 'to'],
    ['two addresses in one', { to: 'a@example.org, b@example.org' }, 'to'],
    ['no recipient', { to: [] }, 'to'],
    ['a bad cc', { to: 'a@example.org', cc: ['not-an-address'] }, 'cc'],
    ['a bad reply-to', { to: 'a@example.org', replyTo: ['x@localhost'] }, 'replyTo'],
    [
      'more than 50 recipients',
      {
        to: Array.from({ length: 30 }, (_, i) => `u${i}@example.org`),
        bcc: Array.from({ length: 21 }, (_, i) => `b${i}@example.org`),
      },
      'to',
    ],
  ])(
    'refuses %s with InvalidMailError before calling SES, naming the field only',
    async (_name, recipients, field) => {
      const error = await mailer.send(welcome, { name: 'N', code: '1' }, recipients).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidMailError);
      expect(error).toMatchObject({ status: 400, code: 'INVALID_MAIL', field });
      expect((error as Error).message).not.toContain('example.org');
      expect(sent).toHaveLength(0);
    },
  );

  it('refuses a subject a template value broke onto two lines', async () => {
    const error = await mailer
      .send(welcome, { name: 'Eve\r\nBcc: victim@example.org', code: '1' }, { to: 'a@example.org' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMailError);
    expect(error).toMatchObject({ field: 'subject' });
    expect(sent).toHaveLength(0);
  });

  it('reports SES refusing as MailDeliveryError, retryable for throttling only, and logs no address', async () => {
    const sesError = (name: string, fault: 'client' | 'server') =>
      Object.assign(new Error(`Email address is not verified: ximena@example.org (${name})`), {
        name,
        $fault: fault,
      });
    answer = async () => {
      throw sesError('MessageRejected', 'client');
    };
    const rejected = await mailer
      .send(welcome, { name: 'X', code: '2' }, { to: 'ximena@example.org' })
      .catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(MailDeliveryError);
    expect(rejected).toMatchObject({ sesError: 'MessageRejected', retryable: false });
    expect((rejected as Error).message).not.toContain('ximena');

    answer = async () => {
      throw sesError('Throttling', 'client');
    };
    const throttled = await mailer
      .send(welcome, { name: 'X', code: '2' }, { to: 'ximena@example.org' })
      .catch((e: unknown) => e);
    expect(throttled).toMatchObject({ name: 'MailDeliveryError', retryable: true });

    createLogger({ serviceName: 'mailer-test' }).error('send failed', throttled as Error);
    expect(output.text()).toContain('MailDeliveryError');
    expect(output.text()).not.toContain('ximena@example.org');
  });

  it('creates no SES client and reads no options before the first send', () => {
    const options = vi.fn(() => ({ from: 'no-reply@example.gov' }));
    createMailer(options);
    expect(options).not.toHaveBeenCalled();
  });
});

describe('isMailAddress', () => {
  it('accepts what the mailer sends to and refuses what it refuses', () => {
    expect(['ada@example.com', 'a.b+tag@sub.example.org'].map(isMailAddress)).toEqual([true, true]);
    const refused = [
      'Eve <eve@example.org>',
      'a@example.org, b@example.org',
      'x@localhost',
      'a@b.co\r\n',
      '@x.org',
    ];
    expect(refused.map(isMailAddress)).toEqual(refused.map(() => false));
    expect(isMailAddress(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`)).toBe(
      false,
    );
  });
});
