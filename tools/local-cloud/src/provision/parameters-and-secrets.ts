import type { ParameterDeclaration, SecretDeclaration } from '@backend/contracts';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SecretStore, type SecretStoreState } from '../emulators/secrets-manager.js';
import { ParameterStore, type ParameterStoreState } from '../emulators/ssm.js';
import { readState, writeState } from '../persistence.js';

/** SSM Parameter Store and Secrets Manager, kept in `dataDir` across restarts when one is given. */
export function openParameterAndSecretStores(
  region: string,
  dataDir: string | undefined,
): { parameters: ParameterStore; secrets: SecretStore } {
  const ssmFile = dataDir === undefined ? undefined : join(dataDir, 'ssm.json');
  const secretsFile = dataDir === undefined ? undefined : join(dataDir, 'secretsmanager.json');
  const parameters: ParameterStore = new ParameterStore(region, () => {
    if (ssmFile !== undefined) writeState(ssmFile, parameters.toJSON());
  });
  const secrets: SecretStore = new SecretStore(region, () => {
    if (secretsFile !== undefined) writeState(secretsFile, secrets.toJSON());
  });
  if (ssmFile !== undefined) parameters.load(readState<ParameterStoreState>(ssmFile) ?? {});
  if (secretsFile !== undefined) secrets.load(readState<SecretStoreState>(secretsFile) ?? []);
  return { parameters, secrets };
}

/** Local development values are random and printed nowhere; with --data the first ones are kept. */
export function createParametersAndSecrets(
  stores: { parameters: ParameterStore; secrets: SecretStore },
  declared: { parameters: readonly ParameterDeclaration[]; secrets: readonly SecretDeclaration[] },
): void {
  for (const parameter of declared.parameters) {
    if (!stores.parameters.has(parameter.name)) {
      stores.parameters.put(
        parameter.name,
        parameter.localValue ?? randomBytes(32).toString('hex'),
        parameter.type,
      );
    }
  }
  for (const secret of declared.secrets) {
    if (stores.secrets.has(secret.name)) continue;
    const { localValue } = secret;
    stores.secrets.create(
      secret.name,
      typeof localValue === 'function' ? localValue() : (localValue ?? randomBytes(32).toString('hex')),
    );
  }
}
