import { ValidationError } from '@backend/platform';

export interface DocumentBucketPolicy {
  /** The one bucket document images may be read from. */
  bucket: string;
  region: string;
  /**
   * Extra hosts that serve path-style URLs, with http allowed: the local cloud's S3 endpoint. Empty in AWS.
   */
  localEndpointHosts?: readonly string[];
}

export interface DocumentLocation {
  bucket: string;
  key: string;
}

/** S3's own host names: path-style (`s3.<region>.amazonaws.com/<bucket>/<key>`) and virtual-hosted. */
const S3_HOST = /^s3(?:[.-]([a-z0-9-]+))?(?:\.dualstack\.([a-z0-9-]+))?\.amazonaws\.com$/;
const VIRTUAL_HOSTED = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?(?:\.dualstack\.([a-z0-9-]+))?\.amazonaws\.com$/;

/**
 * Derives bucket and key from an image URL the IDP sent, accepting only objects of the configured document
 * bucket: the function never fetches a URL, it reads `bucket/key` with its own credentials, so a URL that
 * points anywhere else is refused here without any request (no SSRF). Query strings (signatures) are ignored.
 */
export function documentLocation(
  value: string,
  field: string,
  policy: DocumentBucketPolicy,
): DocumentLocation {
  const refuse = (reason: string) => new ValidationError(`${field} ${reason}`, { field });
  // URL keeps a malformed escape (`%E0%A4%A`) as it is; decoding it is bad input, not a job failure.
  const decode = (text: string, part: 'bucket' | 'key'): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw refuse(`has a malformed ${part}`);
    }
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('is not a valid URL');
  }
  const host = url.hostname.toLowerCase();
  const local = policy.localEndpointHosts?.includes(url.host.toLowerCase()) ?? false;
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) throw refuse('must use https');
  if (url.username || url.password) throw refuse('must not carry credentials');

  let bucket: string;
  let encodedKey: string;
  const regionOf = (match: RegExpMatchArray, first: number) => match[first] ?? match[first + 1];
  const pathStyle = local ? null : host.match(S3_HOST);
  const virtual = local ? null : host.match(VIRTUAL_HOSTED);
  if (local || pathStyle) {
    if (pathStyle && !regionMatches(regionOf(pathStyle, 1), policy.region))
      throw refuse('is in another region');
    const [, first = '', ...rest] = url.pathname.split('/');
    bucket = decode(first, 'bucket');
    encodedKey = rest.join('/');
  } else if (virtual) {
    if (!regionMatches(regionOf(virtual, 2), policy.region)) throw refuse('is in another region');
    bucket = virtual[1] ?? '';
    encodedKey = url.pathname.slice(1);
  } else {
    throw refuse('is not an S3 URL');
  }
  if (bucket !== policy.bucket) throw refuse('is not in the document bucket');
  const key = decode(encodedKey, 'key');
  if (key.length === 0) throw refuse('names no object');
  return { bucket, key };
}

/** `s3.amazonaws.com` (no region) is us-east-1's legacy global endpoint; `s3-external-1` too. */
function regionMatches(urlRegion: string | undefined, region: string): boolean {
  if (urlRegion === undefined || urlRegion === 'external-1') return region === 'us-east-1';
  return urlRegion === region;
}
