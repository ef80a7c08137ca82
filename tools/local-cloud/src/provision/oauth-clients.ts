import type { OAuthClientDeclaration } from '@backend/contracts';
import { randomBytes } from 'node:crypto';
import { oauthClientSecretName, startOAuthIssuer } from '../emulators/oauth-issuer.js';
import type { SecretStore } from '../emulators/secrets-manager.js';

/**
 * Starts the development OAuth 2.0 issuer for the declared machine clients. Their secrets live in the local
 * Secrets Manager, as an operator would hand them out.
 */
export async function startOAuthClients(secrets: SecretStore, clients: readonly OAuthClientDeclaration[]) {
  return startOAuthIssuer(
    clients.map((client) => {
      const secretName = oauthClientSecretName(client.clientId);
      secrets.create(secretName, randomBytes(24).toString('base64url'));
      return { ...client, secret: secrets.currentString(secretName) };
    }),
  );
}
