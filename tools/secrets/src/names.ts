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
