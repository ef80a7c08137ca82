import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
let ssm: SSMClient;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  cloud = await startTestCloud([
    { service: 'json-test', parameters: [{ name: '/local/idp/token', type: 'SecureString' }] },
  ]);
  ssm = new SSMClient(cloud.clientConfig);
  secrets = new SecretsManagerClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud.stop();
});

describe('SSM Parameter Store', () => {
  it('provisions declared parameters with a random local value', async () => {
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: '/local/idp/token', WithDecryption: true }),
    );
    expect(Parameter?.Type).toBe('SecureString');
    expect(Parameter?.Value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps SecureString values as given and returns them only WithDecryption', async () => {
    await ssm.send(
      new PutParameterCommand({ Name: '/app/secret', Value: 'p@ss word', Type: 'SecureString' }),
    );
    const decrypted = await ssm.send(new GetParameterCommand({ Name: '/app/secret', WithDecryption: true }));
    expect(decrypted.Parameter?.Value).toBe('p@ss word');
    const opaque = await ssm.send(new GetParameterCommand({ Name: '/app/secret' }));
    expect(opaque.Parameter?.Value).not.toContain('p@ss');
    expect(opaque.Parameter?.ARN).toBe('arn:aws:ssm:us-east-1:000000000000:parameter/app/secret');
  });

  it('versions overwrites and refuses an overwrite without Overwrite', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/app/flag', Value: 'a', Type: 'String' }));
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/app/flag', Value: 'b', Type: 'String' })),
    ).rejects.toBeInstanceOf(ParameterAlreadyExists);
    const put = await ssm.send(new PutParameterCommand({ Name: '/app/flag', Value: 'b', Overwrite: true }));
    expect(put.Version).toBe(2);
    const first = await ssm.send(new GetParameterCommand({ Name: '/app/flag:1' }));
    expect(first.Parameter?.Value).toBe('a');
  });

  it('lists by path, recursively or not, page by page', async () => {
    for (const name of ['/svc/a', '/svc/b', '/svc/nested/c', '/other/d']) {
      await ssm.send(new PutParameterCommand({ Name: name, Value: name, Type: 'String' }));
    }
    const direct = await ssm.send(new GetParametersByPathCommand({ Path: '/svc' }));
    expect(direct.Parameters?.map((p) => p.Name)).toEqual(['/svc/a', '/svc/b']);
    const page1 = await ssm.send(
      new GetParametersByPathCommand({ Path: '/svc/', Recursive: true, MaxResults: 2 }),
    );
    const page2 = await ssm.send(
      new GetParametersByPathCommand({
        Path: '/svc/',
        Recursive: true,
        MaxResults: 2,
        NextToken: page1.NextToken,
      }),
    );
    expect([...page1.Parameters!, ...page2.Parameters!].map((p) => p.Name)).toEqual([
      '/svc/a',
      '/svc/b',
      '/svc/nested/c',
    ]);
    expect(page2.NextToken).toBeUndefined();
    const many = await ssm.send(new GetParametersCommand({ Names: ['/svc/a', '/missing'] }));
    expect(many.InvalidParameters).toEqual(['/missing']);
  });

  it('deletes, then answers ParameterNotFound with a 400', async () => {
    await ssm.send(new DeleteParameterCommand({ Name: '/svc/a' }));
    const error = await ssm.send(new GetParameterCommand({ Name: '/svc/a' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
  });
});

describe('Secrets Manager', () => {
  it('creates, reads and rotates through AWSPENDING, AWSCURRENT and AWSPREVIOUS', async () => {
    const created = await secrets.send(new CreateSecretCommand({ Name: 'idp/api-key', SecretString: 'v1' }));
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:idp\/api-key-[A-Za-z0-9]{6}$/,
    );

    // The rotation steps: stage a pending value, then move AWSCURRENT to it.
    const pending = await secrets.send(
      new PutSecretValueCommand({
        SecretId: 'idp/api-key',
        SecretString: 'v2',
        VersionStages: ['AWSPENDING'],
      }),
    );
    const stillCurrent = await secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(stillCurrent.SecretString).toBe('v1');
    const staged = await secrets.send(
      new GetSecretValueCommand({ SecretId: 'idp/api-key', VersionStage: 'AWSPENDING' }),
    );
    expect(staged.SecretString).toBe('v2');

    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'idp/api-key',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pending.VersionId,
        RemoveFromVersionId: created.VersionId,
      }),
    );
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: 'idp/api-key' }));
    const previous = await secrets.send(
      new GetSecretValueCommand({ SecretId: 'idp/api-key', VersionStage: 'AWSPREVIOUS' }),
    );
    expect([current.SecretString, previous.SecretString]).toEqual(['v2', 'v1']);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'idp/api-key' }));
    expect(described.VersionIdsToStages).toEqual({
      [created.VersionId!]: ['AWSPREVIOUS'],
      [pending.VersionId!]: ['AWSPENDING', 'AWSCURRENT'],
    });
  });

  it('moves AWSCURRENT on a plain PutSecretValue and keeps the old value as AWSPREVIOUS', async () => {
    await secrets.send(new CreateSecretCommand({ Name: 'plain', SecretString: 'one' }));
    await secrets.send(new PutSecretValueCommand({ SecretId: 'plain', SecretString: 'two' }));
    const previous = await secrets.send(
      new GetSecretValueCommand({ SecretId: 'plain', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('one');
  });

  it('answers ResourceNotFoundException for an unknown secret and ResourceExistsException for a duplicate', async () => {
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      secrets.send(new CreateSecretCommand({ Name: 'plain', SecretString: 'x' })),
    ).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
  });
});
