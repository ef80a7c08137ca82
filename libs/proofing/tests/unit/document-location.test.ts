import { ValidationError } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import { documentLocation } from '../../src/index.js';

const policy = { bucket: 'idp.documents-prod', region: 'us-west-2' };
const locate = (url: string, p: Parameters<typeof documentLocation>[2] = policy) =>
  documentLocation(url, 'front_image_url', p);

describe('documentLocation', () => {
  it.each([
    ['path-style, regional', 'https://s3.us-west-2.amazonaws.com/idp.documents-prod/a/b/front.jpg'],
    ['path-style, legacy dash', 'https://s3-us-west-2.amazonaws.com/idp.documents-prod/a/b/front.jpg'],
    [
      'path-style, dualstack',
      'https://s3.dualstack.us-west-2.amazonaws.com/idp.documents-prod/a/b/front.jpg',
    ],
    [
      'virtual-hosted, bucket with dots',
      'https://idp.documents-prod.s3.us-west-2.amazonaws.com/a/b/front.jpg',
    ],
    [
      'with a signature query',
      'https://s3.us-west-2.amazonaws.com/idp.documents-prod/a/b/front.jpg?X-Amz-Signature=x',
    ],
  ])('reads %s', (_name, url) => {
    expect(locate(url)).toEqual({ bucket: 'idp.documents-prod', key: 'a/b/front.jpg' });
  });

  it('decodes the key', () => {
    const url = 'https://s3.us-west-2.amazonaws.com/idp.documents-prod/uploads/front%20image%2B1.jpg';
    expect(locate(url).key).toBe('uploads/front image+1.jpg');
  });

  it('treats the global endpoint as us-east-1', () => {
    const east = { bucket: 'docs', region: 'us-east-1' };
    expect(locate('https://s3.amazonaws.com/docs/k', east)).toEqual({ bucket: 'docs', key: 'k' });
    expect(locate('https://docs.s3.amazonaws.com/k', east)).toEqual({ bucket: 'docs', key: 'k' });
    expect(() => locate('https://s3.amazonaws.com/idp.documents-prod/k')).toThrow(/another region/);
  });

  it.each([
    [
      'another bucket',
      'https://s3.us-west-2.amazonaws.com/other-bucket/front.jpg',
      /not in the document bucket/,
    ],
    [
      'a bucket whose name extends ours',
      'https://idp.documents-prod.evil.s3.us-west-2.amazonaws.com/k',
      /bucket/,
    ],
    [
      'a look-alike host',
      'https://s3.us-west-2.amazonaws.com.evil.example/idp.documents-prod/k',
      /not an S3 URL/,
    ],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', /https/],
    ['plain http to S3', 'http://s3.us-west-2.amazonaws.com/idp.documents-prod/k', /https/],
    [
      'credentials in the URL',
      'https://user:pw@s3.us-west-2.amazonaws.com/idp.documents-prod/k',
      /credentials/,
    ],
    ['another region', 'https://s3.eu-west-1.amazonaws.com/idp.documents-prod/k', /another region/],
    ['no key', 'https://s3.us-west-2.amazonaws.com/idp.documents-prod/', /names no object/],
    ['a malformed key', 'https://s3.us-west-2.amazonaws.com/idp.documents-prod/%E0%A4%A', /malformed key/],
    ['a bucket that is not UTF-8', 'https://s3.us-west-2.amazonaws.com/%FF/k', /malformed bucket/],
    ['not a URL', 'front.jpg', /not a valid URL/],
  ])('refuses %s without a request', (_name, url, message) => {
    const error = (() => {
      try {
        locate(url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(message);
    expect((error as ValidationError).field).toBe('front_image_url');
  });

  it('accepts path-style http URLs of the local cloud endpoint only when configured', () => {
    const local = {
      bucket: 'local-proofing-documents',
      region: 'us-east-1',
      localEndpointHosts: ['127.0.0.1:4566'],
    };
    expect(locate('http://127.0.0.1:4566/local-proofing-documents/f.bin', local)).toEqual({
      bucket: 'local-proofing-documents',
      key: 'f.bin',
    });
    expect(() => locate('http://127.0.0.1:4567/local-proofing-documents/f.bin', local)).toThrow(/https/);
  });
});
