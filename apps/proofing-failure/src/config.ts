import { JOB_TYPES, jobTypeVariable, type JobType } from '@backend/contracts';
import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties } from '@backend/proofing';

const { ENVIRONMENT, CALLBACK_ALLOWED_HOSTS, LOG_LEVEL } = proofingConfigProperties;

type PerJobType<Suffix extends string, Schema> = { [T in JobType as `${Uppercase<T>}_${Suffix}`]: Schema };

/** One variable per job type (`ADDRESS_<suffix>`, ...), each read as the jobs read their own. */
const perJobType = <Suffix extends string, Schema>(suffix: Suffix, schema: Schema) =>
  Object.fromEntries(JOB_TYPES.map((type) => [jobTypeVariable(type, suffix), schema])) as PerJobType<
    Suffix,
    Schema
  >;

// Each job type's token and signing key parameters.
const tokenParameters = perJobType('TOKEN_PARAMETER', proofingConfigProperties.CALLBACK_TOKEN_PARAMETER);
const signingKeyParameters = perJobType(
  'SIGNING_KEY_PARAMETER',
  proofingConfigProperties.CALLBACK_SIGNING_KEY_PARAMETER,
);
const callbackParameterNames = [...Object.keys(tokenParameters), ...Object.keys(signingKeyParameters)] as (
  keyof typeof tokenParameters | keyof typeof signingKeyParameters
)[];

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'CALLBACK_ALLOWED_HOSTS', ...callbackParameterNames],
  properties: {
    ENVIRONMENT,
    CALLBACK_ALLOWED_HOSTS,
    ...tokenParameters,
    ...signingKeyParameters,
    /** How long one report may take, callback retries included (the queue's visibility timeout is longer). */
    REPORT_BUDGET_MS: { type: 'integer', minimum: 1000, maximum: 120_000, default: 20_000 },
    LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
