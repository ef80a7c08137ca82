import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  MAX_EMAIL_MESSAGE_CHARACTERS,
  MAX_SUBJECT_CHARACTERS,
  messagesOpenApi,
  sendMessageRequestSchema,
  validateSendMessageRequest,
} from '../../src/index.js';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const compiled = ajv.compile(sendMessageRequestSchema);
// The precompiled validator functions use, and the schema compiled here, must agree on every case.
const valid = (value: unknown) => {
  const expected = compiled(value);
  expect(validateSendMessageRequest(value), 'precompiled validator disagrees with the schema').toBe(expected);
  return expected;
};

const request = { msg_id: 'ada@example.com', subject: 'Hello', msg: 'A short note.' };

describe('POST /msg request schema', () => {
  it('accepts the issue’s body, with and without the optional fields', () => {
    expect(valid(request)).toBe(true);
    expect(valid({ ...request, store_secure: true, channel: 'email' })).toBe(true);
    expect(valid({ msg_id: '+12025550147', subject: 'Code', msg: '123456', channel: 'sms' })).toBe(true);
  });

  it.each([
    ['no msg_id', { subject: 'x', msg: 'y' }],
    ['no subject', { msg_id: 'a@b.co', msg: 'y' }],
    ['an empty msg', { ...request, msg: '' }],
    ['a subject with a line break', { ...request, subject: 'Hi\r\nBcc: x@evil.test' }],
    ['a subject too long', { ...request, subject: 's'.repeat(MAX_SUBJECT_CHARACTERS + 1) }],
    ['a msg too long', { ...request, msg: 'm'.repeat(MAX_EMAIL_MESSAGE_CHARACTERS + 1) }],
    ['an unknown channel', { ...request, channel: 'fax' }],
    ['store_secure as a string', { ...request, store_secure: 'yes' }],
    ['an unknown field', { ...request, cc: 'x@y.z' }],
    ['an array', [request]],
    ['null', null],
  ])('refuses %s', (_case, body) => {
    expect(valid(body)).toBe(false);
  });
});

describe('the messages API’s OpenAPI document', () => {
  it('describes the three routes with the request schema the function validates with, every $ref resolving', () => {
    const operations = Object.entries(messagesOpenApi.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(['GET /msg', 'GET /msg/{msg_id}/{message_id}', 'POST /msg']);
    const { $schema: _d, $id: _i, ...request } = sendMessageRequestSchema;
    expect(messagesOpenApi.components.schemas.SendMessageRequest).toEqual(request);
    const refs = [
      ...JSON.stringify(messagesOpenApi).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g),
    ].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(Object.keys(messagesOpenApi.components.schemas)).toContain(ref);
  });
});
