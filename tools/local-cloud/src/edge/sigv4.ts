import type { IncomingMessage } from 'node:http';

/** The SigV4 credential scope of a request: who it is signed for, not whether the signature is valid. */
export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

// Credential=<key id>/<date>/<region>/<service>/aws4_request
const SCOPE = /^[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/;

function parseCredential(credential: string | undefined): CredentialScope | undefined {
  const match = credential === undefined ? null : SCOPE.exec(credential.trim());
  return match ? { region: match[1]!, service: match[2]! } : undefined;
}

/**
 * Reads the credential scope from the `Authorization` header, or from `X-Amz-Credential` in the query of a
 * pre-signed URL. Signatures are not verified: the local cloud evaluates no IAM.
 */
export function credentialScopeOf(req: IncomingMessage): CredentialScope | undefined {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('AWS4-HMAC-SHA256')) {
    const credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
    return parseCredential(credential);
  }
  const query = (req.url ?? '').split('?')[1];
  if (query === undefined) return undefined;
  const credential = new URLSearchParams(query).get('X-Amz-Credential') ?? undefined;
  return parseCredential(credential);
}
