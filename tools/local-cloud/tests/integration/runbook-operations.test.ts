import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetAliasCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListVersionsByFunctionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import {
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  DescribeParametersCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

// What the runbooks read with the AWS CLI, through the same wire operations (the CLI and the SDK share them).
let cloud: TestCloud;
const sha10 = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'runbook-test',
      tables: [
        { name: 'local-rb-outcomes', partitionKey: { name: 'id', type: 'S' }, ttlAttribute: 'expiration' },
      ],
      queues: [
        { name: 'local-rb-failures-dlq' },
        { name: 'local-rb-failures', deadLetter: { queue: 'local-rb-failures-dlq', maxReceiveCount: 3 } },
        { name: 'local-rb-other' },
      ],
      parameters: [{ name: '/local/rb/token', type: 'SecureString' }],
      secrets: [{ name: 'local/rb/vendor' }],
      functions: [
        {
          name: 'local-rb-consumer',
          entry: fixture('sqs-consumer'),
          sqs: [{ queue: 'local-rb-failures', batchSize: 5, reportBatchItemFailures: true }],
        },
      ],
    },
  ]);
});

afterAll(async () => {
  await cloud.stop();
});

describe('Lambda', () => {
  it('lists the published version and the aliases Terraform makes (live and the SHA prefix)', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    const { Versions } = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'local-rb-consumer' }),
    );
    expect(Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1']);
    const { Aliases } = await lambda.send(new ListAliasesCommand({ FunctionName: 'local-rb-consumer' }));
    const expected = /^[0-9]+$/.test(sha10) ? ['live'] : ['live', sha10];
    expect(Aliases?.map((a) => [a.Name, a.FunctionVersion])).toEqual(expected.map((name) => [name, '1']));
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'local-rb-consumer', Name: 'live' }));
    expect(alias.AliasArn).toMatch(/:function:local-rb-consumer:live$/);
    await expect(
      lambda.send(new GetAliasCommand({ FunctionName: 'local-rb-consumer', Name: 'no-such-alias' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      lambda.send(new ListAliasesCommand({ FunctionName: 'local-rb-missing' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists and describes the SQS event source mappings', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    const { EventSourceMappings } = await lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: 'local-rb-consumer' }),
    );
    expect(EventSourceMappings).toHaveLength(1);
    const mapping = EventSourceMappings![0]!;
    expect(mapping).toMatchObject({
      EventSourceArn: expect.stringMatching(/:local-rb-failures$/),
      FunctionArn: expect.stringMatching(/:function:local-rb-consumer$/),
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      State: 'Enabled',
    });
    const one = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }));
    expect(one.UUID).toBe(mapping.UUID);
    const other = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'local-rb-missing' }));
    expect(other.EventSourceMappings).toEqual([]);
  });
});

describe('SSM and Secrets Manager', () => {
  it('shows a parameter with its history, values only when asked to decrypt', async () => {
    const ssm = new SSMClient(cloud.clientConfig);
    await ssm.send(
      new PutParameterCommand({ Name: '/local/rb/token', Value: 'second-value', Overwrite: true }),
    );
    const history = await ssm.send(
      new GetParameterHistoryCommand({ Name: '/local/rb/token', WithDecryption: true }),
    );
    expect(history.Parameters?.map((p) => p.Version)).toEqual([1, 2]);
    expect(history.Parameters?.[1]?.Value).toBe('second-value');
    const sealed = await ssm.send(new GetParameterHistoryCommand({ Name: '/local/rb/token' }));
    expect(sealed.Parameters?.map((p) => p.Value)).not.toContain('second-value');
    const paged = await ssm.send(new GetParameterHistoryCommand({ Name: '/local/rb/token', MaxResults: 1 }));
    expect(paged.Parameters).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();
    const described = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/local/rb/'] }],
      }),
    );
    expect(described.Parameters?.map((p) => [p.Name, p.Type, p.Version])).toEqual([
      ['/local/rb/token', 'SecureString', 2],
    ]);
    expect(JSON.stringify(described)).not.toContain('second-value');
  });

  it('lists a secret and its versions with their stages, never the values', async () => {
    const secrets = new SecretsManagerClient(cloud.clientConfig);
    await secrets.send(
      new PutSecretValueCommand({ SecretId: 'local/rb/vendor', SecretString: '{"k":"next"}' }),
    );
    const { Versions } = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: 'local/rb/vendor' }));
    expect(Versions?.map((v) => v.VersionStages).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    const { SecretList } = await secrets.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['local/rb/'] }] }),
    );
    expect(SecretList?.map((s) => s.Name)).toEqual(['local/rb/vendor']);
    expect(JSON.stringify({ Versions, SecretList })).not.toContain('next');
  });
});

describe('SQS and DynamoDB', () => {
  it("names a dead-letter queue's source queues", async () => {
    const sqs = new SQSClient(cloud.clientConfig);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'local-rb-failures-dlq' }));
    const { queueUrls } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl }));
    expect(queueUrls).toEqual([cloud.queueUrl('local-rb-failures')]);
  });

  it("shows a table's TTL attribute", async () => {
    const ddb = new DynamoDBClient(cloud.clientConfig);
    const { TimeToLiveDescription } = await ddb.send(
      new DescribeTimeToLiveCommand({ TableName: 'local-rb-outcomes' }),
    );
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
  });
});
