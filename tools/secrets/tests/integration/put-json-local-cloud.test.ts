// put-json and rollback-json with the real Secrets Manager client against the local cloud's edge endpoint,
// on secrets declared here and labelled as terraform/modules/secrets leaves them.
import { execFile } from 'node:child_process';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDER_STAGE, fingerprint, runCli } from '../../src/index.js';

/** terraform/modules/secrets' placeholder: not JSON on purpose. */
const PLACEHOLDER = 'PLACEHOLDER: put the real value with tools/secrets put-json (docs/runbooks)';
const LEXISNEXIS = 'test/proofing/vendors/lexisnexis';
const ACUANT = 'test/proofing/vendors/acuant';
const AAMVA = 'test/proofing/vendors/aamva';
const OTHER = 'test/messages/settings';
const MISSING = 'test/proofing/vendors/nobody';

const PASSWORD_1 = 'first-password-never-printed-0001';
const PASSWORD_2 = 'second-password-never-printed-0002';
const lexisnexis = (password: string) => ({
  base_url: 'https://rdp.example.com',
  account_id: '1234',
  username: 'proofing',
  password,
  request_mode: 'testing',
  phone_finder_workflow: 'customers.gsa.phonefinder.workflow',
  instant_verify_workflow: 'customers.gsa.instant.verify.workflow',
  request_timeout_ms: 10000,
});

let cloud: TestLocalCloud;
let secrets: SecretsManagerClient;
let requests = 0;

beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [
      {
        service: 'secrets-tool-test',
        secrets: [LEXISNEXIS, ACUANT, AAMVA].map((name) => ({ name, localValue: PLACEHOLDER })),
      },
      { service: 'secrets-tool-other', secrets: [{ name: OTHER, localValue: PLACEHOLDER }] },
    ],
  });
  secrets = new SecretsManagerClient(cloud.clientConfig);
  secrets.middlewareStack.add(
    (next) => (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  // As Terraform leaves each vendor secret: the placeholder version also carries a label of its own.
  for (const name of [LEXISNEXIS, ACUANT, AAMVA, OTHER]) {
    const { VersionId } = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: PLACEHOLDER_STAGE,
        MoveToVersionId: VersionId,
      }),
    );
  }
});

afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
});

async function cli(argv: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    createClients: () => ({ secrets, ssm: undefined as unknown as SSMClient }),
    ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
  });
  return { code, out, err, all: [...out, ...err].join('\n') };
}

async function stages(name: string): Promise<Record<string, string[]>> {
  const out = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
  return out.VersionIdsToStages ?? {};
}

const holder = (versions: Record<string, string[]>, stage: string) =>
  Object.entries(versions).find(([, labels]) => labels.includes(stage))?.[0];

const current = async (name: string) =>
  (await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;

describe('put-json', () => {
  it('puts a vendor secret over the placeholder, then a second value, and rolls back to the first', async () => {
    const placeholderVersion = holder(await stages(LEXISNEXIS), PLACEHOLDER_STAGE)!;
    const first = JSON.stringify(lexisnexis(PASSWORD_1), null, 2); // as a person writes the file
    const stored = JSON.stringify(lexisnexis(PASSWORD_1));

    const put1 = await cli(['put-json', '--secret', LEXISNEXIS, '--vendor', 'lexisnexis'], `${first}\n`);
    expect(put1.err).toEqual([]);
    expect(put1.code).toBe(0);
    const v1 = holder(await stages(LEXISNEXIS), 'AWSCURRENT')!;
    expect(put1.out).toEqual([
      `${LEXISNEXIS} now holds ${fingerprint(stored)} as AWSCURRENT (version ${v1}), read back and compared`,
      "fields: account_id, base_url, instant_verify_workflow, password, phone_finder_workflow, request_mode, request_timeout_ms, username (checked as lexisnexis's)",
      `previous: Terraform's placeholder (version ${placeholderVersion}), nothing to roll back to`,
    ]);
    expect(await current(LEXISNEXIS)).toBe(stored);
    expect((await stages(LEXISNEXIS))[placeholderVersion]!.sort()).toEqual([
      'AWSPREVIOUS',
      PLACEHOLDER_STAGE,
    ]);

    // Going back to the placeholder would break every job: refused, nothing moved.
    const refused = await cli(['rollback-json', '--secret', LEXISNEXIS]);
    expect(refused.code).toBe(1);
    expect(refused.err).toEqual([
      `error: AWSPREVIOUS of ${LEXISNEXIS} is Terraform's placeholder, which every job would fail on: put a correct value with put-json instead`,
    ]);
    expect(holder(await stages(LEXISNEXIS), 'AWSCURRENT')).toBe(v1);

    // The vendor's name in the secret's name is enough to check the fields.
    const second = JSON.stringify(lexisnexis(PASSWORD_2));
    const put2 = await cli(['put-json', '--secret', LEXISNEXIS], second);
    expect(put2.code).toBe(0);
    const afterPut2 = await stages(LEXISNEXIS);
    const v2 = holder(afterPut2, 'AWSCURRENT')!;
    expect(v2).not.toBe(v1);
    expect(holder(afterPut2, 'AWSPREVIOUS')).toBe(v1);
    expect(afterPut2[placeholderVersion]).toEqual([PLACEHOLDER_STAGE]);
    expect(put2.out[0]).toBe(
      `${LEXISNEXIS} now holds ${fingerprint(second)} as AWSCURRENT (version ${v2}), read back and compared`,
    );
    expect(put2.out[1]).toMatch(/\(checked as lexisnexis's\)$/);
    expect(put2.out[2]).toBe(
      `previous: version ${v1}, now AWSPREVIOUS; back to it: rollback-json --secret ${LEXISNEXIS}`,
    );

    // What a later check sees is what was put.
    const verified = await cli(['verify-json', '--secret', LEXISNEXIS]);
    expect(verified.code).toBe(0);
    expect(verified.out).toEqual([
      `${LEXISNEXIS} holds ${fingerprint(second)} as AWSCURRENT (version ${v2})`,
      put2.out[1],
    ]);

    const rolledBack = await cli(['rollback-json', '--secret', LEXISNEXIS]);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.out).toEqual([
      `${LEXISNEXIS} holds ${fingerprint(stored)} again as AWSCURRENT (version ${v1}), read back`,
      'fields: account_id, base_url, instant_verify_workflow, password, phone_finder_workflow, request_mode, request_timeout_ms, username',
      `version ${v2}, rolled away from, is now AWSPREVIOUS`,
    ]);
    expect(await current(LEXISNEXIS)).toBe(stored);
    expect(holder(await stages(LEXISNEXIS), 'AWSPREVIOUS')).toBe(v2);

    // The same value again after a rollback becomes current again as a new version.
    const again = await cli(['put-json', '--secret', LEXISNEXIS], second);
    expect(again.code).toBe(0);
    expect(await current(LEXISNEXIS)).toBe(second);
    expect(holder(await stages(LEXISNEXIS), 'AWSPREVIOUS')).toBe(v1);

    for (const run of [put1, refused, put2, verified, rolledBack, again]) {
      expect(run.all).not.toContain(PASSWORD_1);
      expect(run.all).not.toContain(PASSWORD_2);
    }
  });

  it('puts nothing when the secret already holds the value, so AWSPREVIOUS keeps the real previous one', async () => {
    const value = JSON.stringify({ sender: 'no-reply@example.gov', api_key: PASSWORD_1 });
    expect((await cli(['put-json', '--secret', OTHER], value)).code).toBe(0);
    const before = await stages(OTHER);

    const repeated = await cli(
      ['put-json', '--secret', OTHER],
      `${JSON.stringify(JSON.parse(value), null, 4)}\n`,
    );
    expect(repeated.code).toBe(0);
    expect(repeated.out).toEqual([
      `${OTHER} already holds ${fingerprint(value)} as AWSCURRENT (version ${holder(before, 'AWSCURRENT')}): nothing put`,
      'fields: api_key, sender',
    ]);
    expect(await stages(OTHER)).toEqual(before);
  });

  it('refuses anything but a JSON object, or one the vendor cannot read, before any request', async () => {
    const acuant = {
      assure_id_url: 'https://services.assureid.net',
      facial_match_url: 'https://frm.acuant.net',
      passlive_url: 'https://us.passlive.acuant.net',
      assure_id_username: 'proofing',
      assure_id_password: PASSWORD_1,
      assure_id_subscription_id: '0a1b2c3d-0000-4000-8000-000000000000',
    };
    const cases: [string[], string, number, string][] = [
      [
        ['put-json', '--secret', ACUANT],
        `["${PASSWORD_1}"]`,
        1,
        'error: standard input must be a JSON object, not an array',
      ],
      [
        ['put-json', '--secret', ACUANT],
        `"${PASSWORD_1}"`,
        1,
        'error: standard input must be a JSON object, not a string',
      ],
      [
        ['put-json', '--secret', ACUANT],
        `{"assure_id_password": ${PASSWORD_1}}`,
        1,
        'error: standard input is not valid JSON',
      ],
      [
        ['put-json', '--secret', ACUANT],
        JSON.stringify({ ...acuant, assure_id_pasword: PASSWORD_2 }),
        1,
        'error: not a acuant secret the jobs can read: Acuant configuration has unknown field assure_id_pasword',
      ],
      [
        ['put-json', '--secret', ACUANT],
        JSON.stringify(lexisnexis(PASSWORD_1)),
        1,
        'error: not a acuant secret the jobs can read: Acuant configuration: ',
      ],
      [
        ['put-json', '--secret', AAMVA, '--vendor', 'aamva'],
        JSON.stringify({ auth_url: 'https://a.example', private_key: PASSWORD_1 }),
        1,
        'error: not a aamva secret the jobs can read: AAMVA configuration: public_key is required',
      ],
      [
        ['put-json', '--secret', ACUANT, '--vendor', 'lexisnexis'],
        JSON.stringify(lexisnexis(PASSWORD_1)),
        2,
        `error: --vendor lexisnexis does not match the secret ${ACUANT}, which is acuant's`,
      ],
      [
        ['put-json', '--secret', OTHER, '--vendor', 'socure'],
        JSON.stringify(acuant),
        2,
        'error: --vendor must be one of lexisnexis, aamva, acuant',
      ],
      [
        ['put-json', '--secret', OTHER, '--parameter', '/test/x'],
        JSON.stringify(acuant),
        2,
        'error: put-json does not take --parameter',
      ],
      [['put-json'], JSON.stringify(acuant), 2, 'error: --secret is required'],
    ];
    const before = await Promise.all([ACUANT, AAMVA, OTHER].map(stages));
    const sent = requests;
    for (const [argv, stdin, code, message] of cases) {
      const result = await cli(argv, stdin);
      expect({ argv, code: result.code }).toEqual({ argv, code });
      expect(result.err[0]).toContain(message);
      expect(result.out).toEqual([]);
      expect(result.all).not.toContain(PASSWORD_1);
      expect(result.all).not.toContain(PASSWORD_2);
    }
    expect(requests).toBe(sent);
    expect(await Promise.all([ACUANT, AAMVA, OTHER].map(stages))).toEqual(before);
    expect(await current(ACUANT)).toBe(PLACEHOLDER);
  });

  it('verify-json fails on the placeholder and on a value the vendor cannot read, naming no value', async () => {
    const placeholder = await cli(['verify-json', '--secret', ACUANT]);
    expect(placeholder.code).toBe(1);
    expect(placeholder.err).toEqual([
      `error: ${ACUANT} still holds Terraform's placeholder: put the value with put-json`,
    ]);

    // Put around the tool, as the AWS CLI would.
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: AAMVA,
        SecretString: JSON.stringify({ auth_url: 'https://a.example', private_key: PASSWORD_1 }),
      }),
    );
    const unreadable = await cli(['verify-json', '--secret', AAMVA]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toEqual([
      `error: ${AAMVA}: not a aamva secret the jobs can read: AAMVA configuration: public_key is required`,
    ]);
    const { VersionId } = await secrets.send(
      new PutSecretValueCommand({ SecretId: AAMVA, SecretString: `{"private_key": ${PASSWORD_1}` }),
    );
    const notJson = await cli(['verify-json', '--secret', AAMVA]);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toEqual([`error: ${AAMVA}: the value of version ${VersionId} is not valid JSON`]);
    for (const run of [placeholder, unreadable, notJson]) expect(run.all).not.toContain(PASSWORD_1);
  });

  it('names a secret that does not exist, and one with nothing to roll back to', async () => {
    const missing = await cli(['put-json', '--secret', MISSING], '{"a":1}');
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual([
      `error: ${MISSING} does not exist: Terraform creates it (docs/runbooks/proofing-launch.md, vendor secrets step 1)`,
    ]);
    const nothing = await cli(['rollback-json', '--secret', MISSING]);
    expect(nothing.code).toBe(1);
  });

  it('reads the value from a pipe on the real command line, never from its arguments', async () => {
    const value = JSON.stringify({ sender: 'ops@example.gov', api_key: PASSWORD_2 });
    const { stdout, stderr, argv } = await new Promise<{ stdout: string; stderr: string; argv: string[] }>(
      (resolve, reject) => {
        const child = execFile(
          process.execPath,
          [
            'node_modules/tsx/dist/cli.mjs',
            '--tsconfig',
            'tsconfig.base.json',
            'tools/secrets/src/cli.ts',
            'put-json',
            '--secret',
            OTHER,
          ],
          {
            env: {
              PATH: process.env.PATH,
              AWS_ENDPOINT_URL: cloud.endpoint,
              AWS_REGION: cloud.region,
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
          (error, stdout, stderr) =>
            error
              ? reject(new Error(`${error.message}\n${stderr}`))
              : resolve({ stdout, stderr, argv: child.spawnargs }),
        );
        child.stdin!.end(`${value}\n`);
      },
    );
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^${OTHER} now holds ${fingerprint(value)} as AWSCURRENT \\(version [0-9a-f-]{36}\\), read back and compared$`,
      ),
    );
    expect(stdout).not.toContain(PASSWORD_2);
    expect(argv.join(' ')).not.toContain(PASSWORD_2);
    expect(await current(OTHER)).toBe(value);
  });
});
