/**
 * The IDP's proofing job types (DESIGN.md), written once: every other list of them (libs/proofing, the apps'
 * config, the local cloud, the IDP simulator, the test harness) derives from this one. Terraform keeps its own
 * HCL list (`local.job_types`), which terraform/tests compare with it.
 * Each type has its function `proof-<type>`, its callback body key `<type>_result`, and a callback token and
 * signing key of its own in SSM.
 */
export const JOB_TYPES = ['address', 'resolution', 'document'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const isJobType = (value: string): value is JobType =>
  (JOB_TYPES as readonly string[]).includes(value);

/** `/<env>/idp/doc-capture/<type>_proof_result_token`: the callback token the IDP shares with a job type. */
export const callbackTokenParameterName = (environment: string, type: JobType): string =>
  `/${environment}/idp/doc-capture/${type}_proof_result_token`;

/** `/<env>/idp/doc-capture/<type>_proof_result_signing_key`: the key a job type signs its callbacks with. */
export const callbackSigningKeyParameterName = (environment: string, type: JobType): string =>
  `/${environment}/idp/doc-capture/${type}_proof_result_signing_key`;

/**
 * The environment variable of a function serving every job type that holds one type's value, e.g.
 * `jobTypeVariable('address', 'TOKEN_PARAMETER')` is `ADDRESS_TOKEN_PARAMETER` (proofing-failure's config).
 */
export const jobTypeVariable = <T extends JobType, S extends string>(
  type: T,
  suffix: S,
): `${Uppercase<T>}_${S}` => `${type.toUpperCase() as Uppercase<T>}_${suffix}`;
