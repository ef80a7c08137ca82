// Cognito Identity's developer-authenticated identities, as the accounts login federates, through the edge with the
// real SDK client: what AWS answers, its errors, and an OpenID token that verifies against the published keys.
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  ListIdentityPoolsCommand,
  LookupDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
let cognito: CognitoIdentityClient;
let poolId: string;
const PROVIDER = 'login.example.local';

beforeAll(async () => {
  cloud = await startTestCloud([
    { service: 'federated', identityPools: [{ name: 'local_example', developerProviderName: PROVIDER }] },
  ]);
  cognito = new CognitoIdentityClient({ ...cloud.clientConfig, maxAttempts: 1 });
  const { IdentityPools } = await cognito.send(new ListIdentityPoolsCommand({ MaxResults: 10 }));
  poolId = IdentityPools!.find((pool) => pool.IdentityPoolName === 'local_example')!.IdentityPoolId!;
});
afterEach(async () => {
  await fetch(`${cloud.endpoint}/_local-cloud/faults`, { method: 'DELETE' });
});
afterAll(async () => {
  cognito?.destroy();
  await cloud?.stop();
});

const tokenFor = (userId: string, extra: Record<string, unknown> = {}) =>
  cognito.send(
    new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: poolId,
      Logins: { [PROVIDER]: userId },
      ...extra,
    }),
  );

describe('Cognito Identity developer identities', () => {
  it('creates the declared pool with its developer provider, as region:uuid', async () => {
    expect(poolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(await cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).toMatchObject({
      IdentityPoolName: 'local_example',
      DeveloperProviderName: PROVIDER,
      AllowUnauthenticatedIdentities: false,
    });
  });

  it('gives one identity per developer user and a signed OpenID token Cognito issues', async () => {
    const first = await tokenFor('user-1', { TokenDuration: 600 });
    const again = await tokenFor('user-1');
    const other = await tokenFor('user-2');
    expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(again.IdentityId).toBe(first.IdentityId);
    expect(other.IdentityId).not.toBe(first.IdentityId);

    const jwks = createRemoteJWKSet(
      new URL(`${cloud.endpoint}/_local-cloud/cognito-identity/.well-known/jwks.json`),
    );
    const { payload } = await jwtVerify(first.Token!, jwks, {
      issuer: 'https://cognito-identity.amazonaws.com',
      audience: poolId,
      algorithms: ['RS256'],
    });
    expect(payload.sub).toBe(first.IdentityId);
    expect(payload.amr).toEqual(['authenticated', PROVIDER, `${PROVIDER}:${poolId}:user-1`]);
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(
      await cognito.send(
        new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: 'user-1' }),
      ),
    ).toMatchObject({ IdentityId: first.IdentityId, DeveloperUserIdentifierList: ['user-1'] });
  });

  it.each([
    [
      'an unknown pool',
      { IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' },
      'ResourceNotFoundException',
    ],
    ['a malformed pool id', { IdentityPoolId: 'not a pool' }, 'InvalidParameterException'],
    ['another provider', { Logins: { 'graph.facebook.com': 'x' } }, 'NotAuthorizedException'],
    ['no logins', { Logins: {} }, 'InvalidParameterException'],
    ['a token duration over a day', { TokenDuration: 86_401 }, 'InvalidParameterException'],
  ])('refuses %s with %s', async (_name, change, code) => {
    const error = await cognito
      .send(
        new GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: poolId,
          Logins: { [PROVIDER]: 'user-3' },
          ...change,
        }),
      )
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect((error as Error).name).toBe(code);
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });

  it('refuses to link an identity of another developer user, or a second identity to one user', async () => {
    const { IdentityId: fourth } = await tokenFor('user-4');
    const { IdentityId: fifth } = await tokenFor('user-5');
    await expect(tokenFor('user-7', { IdentityId: fourth })).rejects.toMatchObject({
      name: 'ResourceConflictException',
    });
    await expect(tokenFor('user-4', { IdentityId: fifth })).rejects.toMatchObject({
      name: 'DeveloperUserAlreadyRegisteredException',
    });
    await expect(tokenFor('user-4', { IdentityId: fourth })).resolves.toMatchObject({ IdentityId: fourth });
  });

  it('throttles on request through the fault control, as Cognito does', async () => {
    await fetch(`${cloud.endpoint}/_local-cloud/faults`, {
      method: 'POST',
      body: JSON.stringify({
        target: 'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
        effect: { type: 'error', code: 'TooManyRequestsException' },
        times: 1,
      }),
    });
    await expect(tokenFor('user-6')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    await expect(tokenFor('user-6')).resolves.toMatchObject({ IdentityId: expect.any(String) });
  });
});
