import { parseDocument } from 'yaml';

/**
 * What an uploaded "image" turned out to be. The IDP's test credential files (YAML or JSON with a
 * `document` and the vendor's verdict) are uploaded in place of photos; anything else is a photo.
 */
export type TestCredential =
  | { kind: 'image' }
  /** Text that is not a usable credential file; `general` says why, as the IDP's mock does. */
  | { kind: 'invalid'; general: string[] }
  | { kind: 'credential'; data: Record<string, unknown> };

/** Credential files are a few hundred bytes; anything this large is a photo, and is not parsed. */
const MAX_CREDENTIAL_BYTES = 64 * 1024;

// Signatures of the image formats a browser uploads: never worth decoding as text.
const IMAGE_SIGNATURES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP)
  [0x25, 0x50, 0x44, 0x46], // PDF
];

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((byte, i) => bytes[i] === byte);

// Control characters other than tab and line breaks do not occur in a text file.
// eslint-disable-next-line no-control-regex
const BINARY_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** Ruby's class names, which the IDP's mock puts in its error text. */
const rubyClassOf = (value: unknown): string => {
  if (value === null || value === undefined) return 'NilClass';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'boolean') return value ? 'TrueClass' : 'FalseClass';
  return 'String';
};

/**
 * Reads image bytes as the IDP's `DocAuth::Mock::YmlLoaderConcern` does: a YAML (or JSON) mapping is a
 * credential, other text is an error the tester should see, and binary data is a photo.
 */
export function readTestCredential(bytes: Uint8Array): TestCredential {
  if (bytes.length > MAX_CREDENTIAL_BYTES || IMAGE_SIGNATURES.some((sig) => startsWith(bytes, sig))) {
    return { kind: 'image' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'image' };
  }
  if (BINARY_CHARACTERS.test(text)) return { kind: 'image' };
  // A data: URI is how a browser hands over a photo as text.
  if (/^\s*data:/i.test(text)) return { kind: 'image' };

  // The IDP reports a syntax error only for ASCII text: anything else may be an odd photo encoding.
  const syntaxError = (): TestCredential =>
    ASCII_ONLY.test(text) ? { kind: 'invalid', general: ['invalid YAML file'] } : { kind: 'image' };
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) return syntaxError();
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch {
    return syntaxError(); // e.g. an alias bomb
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'invalid', general: [`YAML data should have been a hash, got ${rubyClassOf(data)}`] };
  }
  return { kind: 'credential', data: data as Record<string, unknown> };
}
