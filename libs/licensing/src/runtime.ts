import { MAX_PROVIDER_PAGE_SIZE } from '@backend/contracts';
import { createJwtVerifier, getSecureParameter, lazyConfig, type JwtVerifier } from '@backend/platform';
import { ObjectStore, Table, createDocumentClient, createS3Client } from '@backend/persistence';
import type { LicensingApiDependencies } from './api.js';
import { deriveLicensingKeys } from './keys.js';
import { JurisdictionLeases } from './lease.js';
import { LicenseStore } from './license-store.js';
import { PARTITION_PAGE_SIZE, ProviderReads } from './provider-reads.js';
import type { LicensingReadDependencies } from './read-api.js';
import { UploadStore } from './upload-store.js';

/** The environment variables of the licensing functions (Terraform's composition sets the same names). */
export const licensingConfigSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'PROVIDERS_TABLE', 'UPLOADS_TABLE', 'UPLOAD_BUCKET', 'DATA_KEY_PARAMETER'],
  properties: {
    ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] },
    /** Providers, their licenses and the licenses' history. */
    PROVIDERS_TABLE: { type: 'string', minLength: 1 },
    /** Upload records and their row errors. */
    UPLOADS_TABLE: { type: 'string', minLength: 1 },
    /** Where boards' CSV files land (`{compact}/{jurisdiction}/{uploadId}`). */
    UPLOAD_BUCKET: { type: 'string', minLength: 1 },
    /** SSM SecureString: 32 bytes of hex, from which the SSN sealing, SSN index and cursor keys are derived. */
    DATA_KEY_PARAMETER: { type: 'string', pattern: '^/' },
    LOG_LEVEL: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' },
  },
} as const;

export const licensingConfig = lazyConfig(licensingConfigSchema);

/**
 * The read API's environment: the providers table, the data key (SSN unsealing, cursors) and the token issuer it
 * verifies bearer tokens of. The upload table and bucket may be set (Terraform sets one environment for every
 * licensing function) but are not used.
 */
export const licensingReadConfigSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'PROVIDERS_TABLE', 'DATA_KEY_PARAMETER', 'JWT_ISSUER', 'JWT_AUDIENCE'],
  properties: {
    ...licensingConfigSchema.properties,
    /** The OAuth 2.0 issuer (`iss`); its keys are read from `{JWT_ISSUER}/.well-known/jwks.json` and cached. */
    JWT_ISSUER: { type: 'string', pattern: '^https?://[^\\s]+[^/\\s]$' },
    /** Audiences a token may carry (`aud`), separated by commas. */
    JWT_AUDIENCE: { type: 'string', minLength: 1 },
  },
} as const;

export const licensingReadConfig = lazyConfig(licensingReadConfigSchema);

/**
 * The read API's token verifier: one per module, so the issuer's JWKS is fetched once and cached across
 * invocations (fetched again for an unknown key id, at most every 30 s). RS256 and ES256 only.
 */
export function licensingReadVerifier(): JwtVerifier {
  return createJwtVerifier(() => {
    const config = licensingReadConfig();
    return {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE.split(',')
        .map((audience) => audience.trim())
        .filter(Boolean),
      jwksUrl: `${config.JWT_ISSUER}/.well-known/jwks.json`,
      algorithms: ['RS256', 'ES256'],
    };
  });
}

/** The read API's dependencies: as `licensingRuntime`, made again only when the data key's value changes. */
export function licensingReadRuntime(): () => Promise<LicensingReadDependencies> {
  let client: ReturnType<typeof createDocumentClient> | undefined;
  let built: { secret: string; deps: LicensingReadDependencies } | undefined;
  return async () => {
    const config = licensingReadConfig();
    const secret = await getSecureParameter(config.DATA_KEY_PARAMETER);
    if (built?.secret === secret) return built.deps;
    client ??= createDocumentClient();
    const keys = deriveLicensingKeys(secret, 'DATA_KEY_PARAMETER');
    const table = (maxPageSize: number) =>
      new Table({
        client: client!,
        tableName: config.PROVIDERS_TABLE,
        partitionKey: 'pk',
        sortKey: 'sk',
        cursorKeyring: keys.cursorKeyring,
        maxPageSize,
      });
    const reads = new ProviderReads({
      partitions: table(PARTITION_PAGE_SIZE),
      indexes: table(MAX_PROVIDER_PAGE_SIZE),
    });
    built = { secret, deps: { reads, keys } };
    return built.deps;
  };
}

/**
 * The dependencies of a licensing function: clients made once per module, the stores made again only when the
 * key parameter's value changes (read through the 30 s parameter cache, so a rotated key is picked up).
 */
export function licensingRuntime(): () => Promise<LicensingApiDependencies> {
  let clients:
    { dynamo: ReturnType<typeof createDocumentClient>; s3: ReturnType<typeof createS3Client> } | undefined;
  let built: { secret: string; deps: LicensingApiDependencies } | undefined;
  return async () => {
    const config = licensingConfig();
    const secret = await getSecureParameter(config.DATA_KEY_PARAMETER);
    if (built?.secret === secret) return built.deps;
    clients ??= { dynamo: createDocumentClient(), s3: createS3Client() };
    const keys = deriveLicensingKeys(secret, 'DATA_KEY_PARAMETER');
    const providers = new Table({
      client: clients.dynamo,
      tableName: config.PROVIDERS_TABLE,
      partitionKey: 'pk',
      sortKey: 'sk',
    });
    const uploads = new Table({
      client: clients.dynamo,
      tableName: config.UPLOADS_TABLE,
      partitionKey: 'uploadId',
      sortKey: 'sk',
      cursorKeyring: keys.cursorKeyring,
      maxPageSize: 100,
    });
    const deps: LicensingApiDependencies = {
      licenses: new LicenseStore(providers, keys, new JurisdictionLeases(uploads)),
      uploads: new UploadStore(uploads),
      objects: new ObjectStore({ s3: clients.s3, bucket: config.UPLOAD_BUCKET }),
    };
    built = { secret, deps };
    return deps;
  };
}
