import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import type { IdentityPoolDeclaration } from '@backend/contracts';
import {
  AwsServiceError,
  optionalNumber,
  optionalString,
  requiredString,
  type JsonInput,
  type JsonOperation,
} from '../edge/json-rpc.js';
import { ACCOUNT_ID } from './constants.js';

/** Cognito's OpenID tokens name this issuer; their audience is the pool id, their subject the identity id. */
export const COGNITO_IDENTITY_ISSUER = 'https://cognito-identity.amazonaws.com';
const DEFAULT_TOKEN_DURATION_SECONDS = 900;
const MAX_TOKEN_DURATION_SECONDS = 86_400;
const IDENTITY_POOL_ID = /^[\w-]+:[0-9a-f-]+$/;

interface IdentityPool {
  readonly id: string;
  readonly name: string;
  readonly developerProviderName: string;
  /** Developer user identifier -> identity id. */
  readonly identities: Map<string, string>;
}

export type CognitoIdentityState = {
  id: string;
  name: string;
  developerProviderName: string;
  identities: [string, string][];
}[];

/**
 * Cognito Identity (JSON 1.1, `X-Amz-Target: AWSCognitoIdentityService.*`) for developer-authenticated identities,
 * as the pools a service declares: GetOpenIdTokenForDeveloperIdentity (an identity per developer user identifier,
 * created on first use, and an RS256 OpenID token Cognito's way: `iss` https://cognito-identity.amazonaws.com, `aud`
 * the pool id, `sub` the identity id, `amr` authenticated and the provider), LookupDeveloperIdentity,
 * DescribeIdentityPool and ListIdentityPools, with AWS's errors. The token's keys are served as a JWKS.
 */
export class CognitoIdentityEmulator {
  private readonly pools = new Map<string, IdentityPool>();
  private signer?: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK };

  constructor(
    private readonly region: string,
    private readonly onChange: () => void = () => undefined,
  ) {}

  load(state: CognitoIdentityState): void {
    for (const pool of state) this.pools.set(pool.id, { ...pool, identities: new Map(pool.identities) });
  }

  toJSON(): CognitoIdentityState {
    return [...this.pools.values()].map((pool) => ({ ...pool, identities: [...pool.identities] }));
  }

  /** Creates a declared pool (provisioning); one of that name is kept. Returns its id. */
  createPool(declaration: IdentityPoolDeclaration): string {
    const existing = [...this.pools.values()].find((pool) => pool.name === declaration.name);
    if (existing !== undefined) return existing.id;
    const id = `${this.region}:${randomUUID()}`;
    this.pools.set(id, { id, ...declaration, identities: new Map() });
    this.onChange();
    return id;
  }

  /** The pool id of a declared pool, by name. */
  poolId(name: string): string | undefined {
    return [...this.pools.values()].find((pool) => pool.name === name)?.id;
  }

  /** The public keys OpenID tokens are signed with. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.key()).jwk] };
  }

  readonly operations: Readonly<Record<string, JsonOperation>> = {
    GetOpenIdTokenForDeveloperIdentity: (input) => this.getOpenIdTokenForDeveloperIdentity(input),
    LookupDeveloperIdentity: (input) => this.lookupDeveloperIdentity(input),
    DescribeIdentityPool: (input) => this.describeIdentityPool(input),
    ListIdentityPools: () => ({
      IdentityPools: [...this.pools.values()].map((pool) => ({
        IdentityPoolId: pool.id,
        IdentityPoolName: pool.name,
      })),
    }),
  };

  private async key() {
    if (this.signer === undefined) {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      this.signer = {
        privateKey,
        jwk: { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' },
      };
    }
    return this.signer;
  }

  private pool(input: JsonInput): IdentityPool {
    const id = requiredString(input, 'IdentityPoolId');
    if (!IDENTITY_POOL_ID.test(id) || id.length > 55) {
      throw new AwsServiceError(
        'InvalidParameterException',
        "1 validation error detected: Value at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
      );
    }
    const pool = this.pools.get(id);
    if (pool === undefined) {
      throw new AwsServiceError('ResourceNotFoundException', `IdentityPool '${id}' not found.`);
    }
    return pool;
  }

  private async getOpenIdTokenForDeveloperIdentity(input: JsonInput) {
    const pool = this.pool(input);
    const logins = input['Logins'];
    if (
      typeof logins !== 'object' ||
      logins === null ||
      Array.isArray(logins) ||
      Object.keys(logins).length === 0
    ) {
      throw new AwsServiceError(
        'InvalidParameterException',
        'Logins is required and must be a map of provider name to identifier.',
      );
    }
    const entries = Object.entries(logins as Record<string, unknown>);
    const developer = entries.find(([provider]) => provider === pool.developerProviderName);
    if (developer === undefined || entries.length > 1) {
      throw new AwsServiceError(
        'NotAuthorizedException',
        `Logins don't match. Please include the developer provider ${pool.developerProviderName} only.`,
      );
    }
    const userId = developer[1];
    if (typeof userId !== 'string' || userId.length === 0 || userId.length > 1024) {
      throw new AwsServiceError(
        'InvalidParameterException',
        'The developer user identifier must be 1-1024 characters.',
      );
    }
    const duration = optionalNumber(input, 'TokenDuration') ?? DEFAULT_TOKEN_DURATION_SECONDS;
    if (duration < 1 || duration > MAX_TOKEN_DURATION_SECONDS) {
      throw new AwsServiceError(
        'InvalidParameterException',
        `TokenDuration must be between 1 and ${MAX_TOKEN_DURATION_SECONDS} seconds.`,
      );
    }
    const known = pool.identities.get(userId);
    const asked = optionalString(input, 'IdentityId');
    if (asked !== undefined && asked !== known) {
      // Linking names an identity: it must exist in the pool, belong to no other developer user, and this user must
      // not have another identity already.
      if (known !== undefined) {
        throw new AwsServiceError(
          'DeveloperUserAlreadyRegisteredException',
          'The developer user identifier is already registered with another identity.',
        );
      }
      if (![...pool.identities.values()].includes(asked)) {
        throw new AwsServiceError('ResourceNotFoundException', `Identity '${asked}' not found.`);
      }
      throw new AwsServiceError(
        'ResourceConflictException',
        'The identity is already linked to another developer user.',
      );
    }
    const identityId = known ?? `${this.region}:${randomUUID()}`;
    if (known === undefined) {
      pool.identities.set(userId, identityId);
      this.onChange();
    }
    const { privateKey, jwk } = await this.key();
    const token = await new SignJWT({
      amr: [
        'authenticated',
        pool.developerProviderName,
        `${pool.developerProviderName}:${pool.id}:${userId}`,
      ],
      'https://cognito-identity.amazonaws.com/identity-pool-arn': `arn:aws:cognito-identity:${this.region}:${ACCOUNT_ID}:identitypool/${pool.id}`,
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWS' })
      .setIssuer(COGNITO_IDENTITY_ISSUER)
      .setAudience(pool.id)
      .setSubject(identityId)
      .setIssuedAt()
      .setExpirationTime(`${duration}s`)
      .sign(privateKey);
    return { IdentityId: identityId, Token: token };
  }

  private lookupDeveloperIdentity(input: JsonInput) {
    const pool = this.pool(input);
    const userId = optionalString(input, 'DeveloperUserIdentifier');
    const identityId = optionalString(input, 'IdentityId');
    if (userId === undefined && identityId === undefined) {
      throw new AwsServiceError(
        'InvalidParameterException',
        'Either IdentityId or DeveloperUserIdentifier is required.',
      );
    }
    const match = [...pool.identities].find(
      ([user, id]) =>
        (userId === undefined || user === userId) && (identityId === undefined || id === identityId),
    );
    if (match === undefined) throw new AwsServiceError('ResourceNotFoundException', 'Identity not found.');
    return { IdentityId: match[1], DeveloperUserIdentifierList: [match[0]] };
  }

  private describeIdentityPool(input: JsonInput) {
    const pool = this.pool(input);
    return {
      IdentityPoolId: pool.id,
      IdentityPoolName: pool.name,
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      DeveloperProviderName: pool.developerProviderName,
    };
  }
}
