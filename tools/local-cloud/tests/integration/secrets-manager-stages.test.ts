// Staging-label rules of Secrets Manager that the rotation tool (tools/secrets) relies on, over the edge endpoint.
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  cloud = await startTestCloud([]);
  secrets = new SecretsManagerClient(cloud.clientConfig);
});
afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
});

const stagesOf = async (name: string) =>
  (await secrets.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages ?? {};

describe('Secrets Manager staging labels', () => {
  it('makes the first version of a secret created without a value AWSCURRENT, even when put as AWSPENDING', async () => {
    // As terraform's aws_secretsmanager_secret leaves a hand-off secret: no version at all.
    await secrets.send(new CreateSecretCommand({ Name: 'local/token/handoff' }));
    expect(await stagesOf('local/token/handoff')).toEqual({});

    const first = await secrets.send(
      new PutSecretValueCommand({
        SecretId: 'local/token/handoff',
        SecretString: 'first',
        VersionStages: ['AWSPENDING'],
        ClientRequestToken: '11111111-1111-4111-8111-111111111111',
      }),
    );
    expect(first.VersionStages?.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: 'local/token/handoff' }));
    expect(current.SecretString).toBe('first');

    // A later version gets only the stages asked for; AWSCURRENT stays where it was.
    const second = await secrets.send(
      new PutSecretValueCommand({
        SecretId: 'local/token/handoff',
        SecretString: 'second',
        VersionStages: ['AWSPENDING'],
        ClientRequestToken: '22222222-2222-4222-8222-222222222222',
      }),
    );
    expect(second.VersionStages).toEqual(['AWSPENDING']);
    expect(await stagesOf('local/token/handoff')).toEqual({
      '11111111-1111-4111-8111-111111111111': ['AWSCURRENT'],
      '22222222-2222-4222-8222-222222222222': ['AWSPENDING'],
    });

    // Promoting it: AWSCURRENT moves, the old version becomes AWSPREVIOUS, AWSPENDING is removed.
    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'local/token/handoff',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: '22222222-2222-4222-8222-222222222222',
        RemoveFromVersionId: '11111111-1111-4111-8111-111111111111',
      }),
    );
    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'local/token/handoff',
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: '22222222-2222-4222-8222-222222222222',
      }),
    );
    expect(await stagesOf('local/token/handoff')).toEqual({
      '11111111-1111-4111-8111-111111111111': ['AWSPREVIOUS'],
      '22222222-2222-4222-8222-222222222222': ['AWSCURRENT'],
    });
  });
});
