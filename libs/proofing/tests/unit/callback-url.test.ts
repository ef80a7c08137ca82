import { describe, expect, it } from 'vitest';
import { CALLBACK_HOST_PATTERN, CallbackUrlError, checkCallbackUrl } from '../../src/index.js';

const prod = (allowedHosts: string[]) => ({ environment: 'prod', allowedHosts });
const refused = (url: string, policy: { environment: string; allowedHosts: string[] }) =>
  expect(() => checkCallbackUrl(url, policy)).toThrow(CallbackUrlError);

describe('checkCallbackUrl', () => {
  it('compares the port too: a host without one means 443', () => {
    expect(checkCallbackUrl('https://idp.example.gov/api/r1', prod(['idp.example.gov'])).href).toBe(
      'https://idp.example.gov/api/r1',
    );
    expect(checkCallbackUrl('https://idp.example.gov:443/r1', prod(['idp.example.gov'])).host).toBe(
      'idp.example.gov',
    );
    // Another service on the IDP's host name is not the IDP.
    refused('https://idp.example.gov:8443/r1', prod(['idp.example.gov']));
    refused('https://idp.example.gov/r1', prod(['idp.example.gov:8443']));
    expect(checkCallbackUrl('https://idp.example.gov:8443/r1', prod(['idp.example.gov:8443'])).port).toBe(
      '8443',
    );
  });

  it('lets a portless host match any port only locally, where the IDP listens on a free loopback port', () => {
    const local = { environment: 'local', allowedHosts: ['127.0.0.1', 'localhost:9000'] };
    expect(checkCallbackUrl('http://127.0.0.1:53124/r1', local).port).toBe('53124');
    expect(checkCallbackUrl('http://localhost:9000/r1', local).port).toBe('9000');
    refused('http://localhost:9001/r1', local);
  });

  it('refuses other schemes, credentials and hosts off the list', () => {
    refused('http://idp.example.gov/r1', prod(['idp.example.gov']));
    refused('https://user:pw@idp.example.gov/r1', prod(['idp.example.gov']));
    refused('https://idp.example.gov.evil.test/r1', prod(['idp.example.gov']));
    refused('not a url', prod(['idp.example.gov']));
  });

  it('describes the entries the check compares with one pattern (Terraform validates with the same)', () => {
    const pattern = new RegExp(CALLBACK_HOST_PATTERN);
    for (const entry of ['idp.example.gov', 'idp.example.gov:8443', '127.0.0.1'])
      expect(pattern.test(entry)).toBe(true);
    for (const entry of ['https://idp.example.gov', 'IDP.example.gov', 'idp.example.gov/path', 'idp:port'])
      expect(pattern.test(entry)).toBe(false);
  });
});
