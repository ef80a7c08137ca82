import { UsageError } from './errors.js';

const PARAMETER = /^\/([a-z0-9-]+)\/[A-Za-z0-9_./-]+$/;

/** Checks an SSM parameter name of the form /<env>/<path> and returns its environment. */
export function environmentOf(parameter: string): string {
  const env = PARAMETER.exec(parameter)?.[1];
  if (env === undefined) {
    throw new UsageError(
      `--parameter must be an absolute SSM name such as /prod/idp/doc-capture/address_proof_result_token (got "${parameter}")`,
    );
  }
  return env;
}

/** The hand-off secret terraform/modules/parameters creates beside a shared parameter. */
export function defaultHandoffSecret(parameter: string): string {
  environmentOf(parameter);
  return `${parameter.slice(1)}/handoff`;
}

/** The KMS key the data root module encrypts an environment's parameters with. */
export function defaultKmsKey(parameter: string): string {
  return `alias/${environmentOf(parameter)}/parameters`;
}

/** A Secrets Manager secret's name, or its ARN (with or without the 6-character suffix). */
const SECRET_ID = /^(?:arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Checks a `--secret` value; the message shows the expected form. */
export function checkSecretId(secretId: string): string {
  if (!SECRET_ID.test(secretId)) {
    throw new UsageError(
      `--secret must be a Secrets Manager name such as prod/proofing/vendors/aamva, or its ARN (got "${secretId}")`,
    );
  }
  return secretId;
}

const VENDOR_SECRET = /(?:^|[:/])[a-z0-9-]+\/proofing\/vendors\/([a-z0-9_]+)(?:-[A-Za-z0-9]{6})?$/;

/** The vendor of a secret named as terraform/modules/secrets names them (`<env>/proofing/vendors/<vendor>`). */
export function vendorOfSecret(secretId: string): string | undefined {
  return VENDOR_SECRET.exec(secretId)?.[1];
}
