import {
  CognitoIdentityClient,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';

/** Where logins are federated: a Cognito identity pool and the developer provider name it was created with. */
export interface FederationOptions {
  readonly identityPoolId: string;
  readonly developerProviderName: string;
  /** Seconds the OpenID token lives (Cognito: 1..86400, default 900). */
  readonly tokenDurationSeconds?: number;
  readonly client?: CognitoIdentityClient;
}

export interface FederatedIdentity {
  readonly identityId: string;
  readonly openIdToken: string;
}

export interface Federation {
  /** The Cognito identity of a user (created on first login) and an OpenID token for it. */
  identityFor(userId: string): Promise<FederatedIdentity>;
}

/**
 * Cognito developer-authenticated identities, as the original design federates its logins: the user's opaque id
 * (never the address) is the developer user identifier, so the identity pool learns nothing personal. The client
 * is created on first use.
 */
export function createFederation(options: FederationOptions): Federation {
  let client = options.client;
  return {
    async identityFor(userId) {
      client ??= new CognitoIdentityClient({});
      const output = await client.send(
        new GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: options.identityPoolId,
          Logins: { [options.developerProviderName]: userId },
          TokenDuration: options.tokenDurationSeconds ?? 900,
        }),
      );
      if (output.IdentityId === undefined || output.Token === undefined) {
        throw new Error('Cognito answered GetOpenIdTokenForDeveloperIdentity without an identity or token');
      }
      return { identityId: output.IdentityId, openIdToken: output.Token };
    },
  };
}
