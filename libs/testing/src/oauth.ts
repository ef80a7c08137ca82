import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TestLocalCloud } from './local-cloud.js';

/**
 * An access token from the local cloud's OAuth 2.0 issuer, as a machine client gets one: its secret read from the
 * local Secrets Manager (`local-cloud/oauth-clients/<client id>`, as an operator hands it out), then the
 * client-credentials grant with HTTP Basic. Throws with the issuer's RFC 6749 error when it refuses.
 */
export async function clientCredentialsToken(
  cloud: Pick<TestLocalCloud, 'clientConfig' | 'oauthIssuerUrl'>,
  clientId: string,
  request: { scopes?: readonly string[]; audience?: string } = {},
): Promise<string> {
  const secrets = new SecretsManagerClient(cloud.clientConfig);
  try {
    const { SecretString: secret } = await secrets.send(
      new GetSecretValueCommand({ SecretId: `local-cloud/oauth-clients/${clientId}` }),
    );
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (request.scopes !== undefined) form.set('scope', request.scopes.join(' '));
    if (request.audience !== undefined) form.set('audience', request.audience);
    const response = await fetch(`${cloud.oauthIssuerUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret ?? ''}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
    const body = (await response.json()) as { access_token?: string; error?: string };
    if (!response.ok || body.access_token === undefined) {
      throw new Error(`token request for ${clientId} refused: ${response.status} ${body.error ?? ''}`);
    }
    return body.access_token;
  } finally {
    secrets.destroy();
  }
}
