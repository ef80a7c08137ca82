import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * A real Secrets Manager client that answers every GetSecretValue from memory: a middleware ends each request
 * before the network, so the platform's `getSecret` and Powertools run as in production, in a unit test.
 */
export function secretsAnswering(answer: () => string | Error): SecretsManagerClient {
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  client.middlewareStack.add(
    () => async () => {
      const value = answer();
      if (value instanceof Error) throw value;
      return { output: { SecretString: value, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'answerFromMemory' },
  );
  return client;
}

let counter = 0;
/** A secret name not used before in this process: the platform caches secrets by name. */
export const freshSecretName = (prefix: string): string => `${prefix}-${(counter += 1)}`;
