import { createHash, createHmac, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authenticationTokenRequest,
  psha1,
  securityTokenRequest,
  type RequestEntropy,
} from '../../../src/aamva/ws-security.js';
import { testIdentity } from '../../support/certificate.js';

// Known answers from the IDP's AAMVA specs (spec/fixtures/proofing/aamva/requests/*.xml and its HmacSecret
// spec), produced by Ruby's xmldsig gem: an independent exclusive-C14N implementation checks ours.
const AUTH_URL = 'https://authentication-cert.aamva.org/Authentication/Authenticate.svc';
const UUID = '12345678-abcd-efgh-ijkl-1234567890ab';
const CLIENT_NONCE = 'MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=';
const SERVER_NONCE = 'MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=';
const fixed: RequestEntropy = {
  now: new Date(Date.UTC(2017, 0, 1)),
  uuid: () => UUID,
  random: (size) => Buffer.from(CLIENT_NONCE, 'base64').subarray(0, size),
};

const between = (text: string, open: string, close: string): string => {
  const start = text.indexOf(open);
  const end = text.indexOf(close, start);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, end + close.length);
};
const identity = testIdentity();
const digests = (body: string): string[] => [...body.matchAll(/<ds:DigestValue>([^<]+)</g)].map((m) => m[1]!);

describe('AAMVA WS-Security', () => {
  it('derives the P_SHA1 key of the IDP HmacSecret spec', () => {
    const key = psha1(Buffer.from(CLIENT_NONCE, 'base64'), Buffer.from(SERVER_NONCE, 'base64'));
    expect(key.toString('base64')).toBe('txJiPvOByVADlND/OgUqlJFKoZlR3GPfxGSWMmrRzEM=');
  });

  it('signs the authentication token request exactly as the IDP fixture (digest and HMAC-SHA1 value)', () => {
    const body = authenticationTokenRequest(
      {
        authUrl: AUTH_URL,
        token: {
          identifier: 'sct-token-identifier',
          reference: 'sct-token-reference',
          serverNonce: SERVER_NONCE,
        },
        clientNonce: CLIENT_NONCE,
      },
      fixed,
    );
    expect(digests(body)).toEqual(['NmI1d5uNOXfg6Sq2gh89TMCokPI=']);
    expect(between(body, '<ds:SignatureValue>', '</ds:SignatureValue>')).toBe(
      '<ds:SignatureValue>4771a7mz7vXX+dGZVFY52gKiq4E=</ds:SignatureValue>',
    );
    expect(body).toContain('<c:Identifier>sct-token-identifier</c:Identifier>');
    expect(body).toContain('<o:Reference URI="#sct-token-reference"');
  });

  it('digests the Timestamp and To of the security token request as the IDP fixture', () => {
    const { certificate, privateKey } = identity;
    const { body } = securityTokenRequest({ authUrl: AUTH_URL, certificate, privateKey }, fixed);
    expect(digests(body)).toEqual(['NmI1d5uNOXfg6Sq2gh89TMCokPI=', '0ym9+h240usFC2QKKe/ivmid5kc=']);
  });

  it('signs the security token request with the certificate key (RSA-SHA1) and identifies the certificate', () => {
    const { certificate, privateKey } = identity;
    const { body, clientNonce } = securityTokenRequest({ authUrl: AUTH_URL, certificate, privateKey });
    const signedInfo = between(body, '<ds:SignedInfo', '</ds:SignedInfo>');
    const signature = between(body, '<ds:SignatureValue>', '</ds:SignatureValue>').replace(
      /<\/?ds:SignatureValue>/g,
      '',
    );

    expect(
      verify('sha1', Buffer.from(signedInfo), certificate.publicKey, Buffer.from(signature, 'base64')),
    ).toBe(true);
    expect(body).toContain(`>${certificate.raw.toString('base64')}</wsse:BinarySecurityToken>`);
    expect(body).toContain(
      `>${createHash('sha1').update(certificate.raw).digest('base64')}</wsse:KeyIdentifier>`,
    );
    expect(body).toContain(`>${clientNonce}</wst:BinarySecret>`);
    expect(Buffer.from(clientNonce, 'base64')).toHaveLength(32);
    // Each request has its own ids, timestamp and nonce.
    const again = securityTokenRequest({ authUrl: AUTH_URL, certificate, privateKey });
    expect(again.clientNonce).not.toBe(clientNonce);
    expect(digests(again.body)).not.toEqual(digests(body));
  });

  it('keys the authentication signature with both nonces, so a wrong server nonce gives another signature', () => {
    const input = (serverNonce: string) => ({
      authUrl: AUTH_URL,
      token: { identifier: 'i', reference: 'r', serverNonce },
      clientNonce: CLIENT_NONCE,
    });
    const signed = authenticationTokenRequest(input(SERVER_NONCE), fixed);
    const other = authenticationTokenRequest(input(CLIENT_NONCE), fixed);
    const signedInfo = between(signed, '<ds:SignedInfo', '</ds:SignedInfo>');
    const key = psha1(Buffer.from(CLIENT_NONCE, 'base64'), Buffer.from(SERVER_NONCE, 'base64'));
    expect(signed).toContain(
      `<ds:SignatureValue>${createHmac('sha1', key).update(signedInfo).digest('base64')}<`,
    );
    expect(between(other, '<ds:SignatureValue>', '</')).not.toBe(
      between(signed, '<ds:SignatureValue>', '</'),
    );
  });

  it('escapes what it does not control', () => {
    const body = authenticationTokenRequest(
      {
        authUrl: 'https://auth.example/a?b=1&c=<2>',
        token: { identifier: '<id>&', reference: 'r"1', serverNonce: SERVER_NONCE },
        clientNonce: CLIENT_NONCE,
      },
      fixed,
    );
    expect(body).toContain('https://auth.example/a?b=1&amp;c=&lt;2&gt;');
    expect(body).toContain('<c:Identifier>&lt;id&gt;&amp;</c:Identifier>');
    expect(body).toContain('u:Id="r&quot;1"');
  });
});
