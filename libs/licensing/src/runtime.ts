import { getSecureParameter, lazyConfig } from '@backend/platform';
import { ObjectStore, Table, createDocumentClient, createS3Client } from '@backend/persistence';
import type { LicensingApiDependencies } from './api.js';
import { deriveLicensingKeys } from './keys.js';
import { JurisdictionLeases } from './lease.js';
import { LicenseStore } from './license-store.js';
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
