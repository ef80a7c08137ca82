export {
  UPLOAD_URL_SECONDS,
  createUploadUrl,
  getUpload,
  licensingWriteRoute,
  postLicenses,
  type LicensingApiDependencies,
} from './api.js';
export { readLicenseCsv, type CsvRow } from './csv.js';
export { LicensingKeyError, UploadFileError, UploadKeyError } from './errors.js';
export {
  MAX_UPLOAD_BYTES,
  ingestUpload,
  parseUploadKey,
  uploadKey,
  type IngestDependencies,
  type IngestResult,
} from './ingest.js';
export { deriveLicensingKeys, openSsn, providerIdFor, sealSsn, type LicensingKeys } from './keys.js';
export { JurisdictionLeases, LeaseBusyError, type LeaseOptions } from './lease.js';
export {
  LicenseStore,
  LicensesNotWrittenError,
  type LicenseRow,
  type UpsertOutcome,
} from './license-store.js';
export {
  LICENSES_BY_UPDATE_INDEX,
  PROVIDERS_BY_NAME_INDEX,
  PROVIDER_SK,
  contentHash,
  historySk,
  licenseRecords,
  licenseSk,
  providerPk,
  type UpdateContext,
} from './records.js';
export {
  licensingConfig,
  licensingConfigSchema,
  licensingReadConfig,
  licensingReadConfigSchema,
  licensingReadRuntime,
  licensingReadVerifier,
  licensingRuntime,
} from './runtime.js';
export { PARTITION_PAGE_SIZE, ProviderReads, type MatchPage, type ProviderItems } from './provider-reads.js';
export {
  READ_RETRY_AFTER_SECONDS,
  licensingReadRoute,
  type LicensingReadApiOptions,
  type LicensingReadDependencies,
} from './read-api.js';
export {
  dataKeyParameter,
  ingestQueue,
  licensingAudience,
  licensingReadRoutes,
  licensingResourceNames,
  licensingService,
  providersTable,
  uploadBucket,
  uploadsTable,
} from './service.js';
export {
  UploadStore,
  type Progress,
  type RowError,
  type UploadCounts,
  type UploadStatus,
  type UploadView,
} from './upload-store.js';
export { checkLicense, trimStrings, type FieldProblem, type LicenseCheck } from './validate.js';
export { LICENSING_FLAGS, type LicensingFlag } from './flags.js';
export { flagCheckRoute, registrationClientIp, registrationRoute } from './public-api.js';
export {
  flagCheckConfig,
  flagCheckConfigSchema,
  flagCheckRuntime,
  registrationConfig,
  registrationConfigSchema,
  registrationFrom,
  registrationRuntime,
  statsigTier,
  type RegistrationClients,
  type RegistrationSettings,
} from './public-runtime.js';
export {
  flagParameters,
  flagsParameterPrefix,
  localContinueUrl,
  localRegistrationSettings,
  recaptchaSecretName,
  registrationsTable,
} from './public-service.js';
export {
  REGISTRATION_ACCEPTED,
  REGISTRATION_RATE_LIMIT,
  REGISTRATION_RECAPTCHA_ACTION,
  REGISTRATION_TOKEN_LIFETIME_SECONDS,
  consumeRegistrationToken,
  createRegistration,
  registrationTokenKey,
  type Registration,
  type RegistrationDependencies,
  type RegistrationOrigin,
  type RegistrationRecord,
} from './registration.js';
export { noMatchingLicenseMail, registrationLink, registrationLinkMail } from './registration-mail.js';
export { effectiveLicense, licenseView, providerView } from './view.js';
