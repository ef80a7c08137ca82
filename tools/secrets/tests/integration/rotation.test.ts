// The rotation steps with the real SSM and Secrets Manager clients against a JSON 1.1 server on 127.0.0.1.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyStagedError,
  NothingStagedError,
  PLACEHOLDER,
  SharedSecretError,
  VerificationError,
  fingerprint,
  promote,
  rotate,
  runCli,
  stage,
  verify,
  type Clients,
} from '../../src/index.js';
import { LocalAws } from '../support/local-aws.js';

const PARAMETER = '/prod/idp/doc-capture/address_proof_result_token';
const HANDOFF = 'prod/idp/doc-capture/address_proof_result_token/handoff';
const KEY = 'alias/prod/parameters';

let aws: LocalAws;
let clients: Clients;

beforeEach(async () => {
  aws = await new LocalAws().start();
  clients = aws.clients();
  // As terraform/modules/parameters leaves them: a placeholder, and an empty hand-off secret.
  aws.putParameter(PARAMETER, PLACEHOLDER);
  aws.createSecret(HANDOFF);
});

afterEach(async () => {
  await aws.stop();
});

/** The IDP's side of step 2: it reads the staged value from the hand-off secret. */
async function idpReadsPending(): Promise<string> {
  const out = await clients.secrets.send(
    new GetSecretValueCommand({ SecretId: HANDOFF, VersionStage: 'AWSPENDING' }),
  );
  return out.SecretString!;
}

describe('a shared secret rotates in steps with no moment the functions and the IDP disagree', () => {
  it('stage leaves the parameter alone; promote writes it with the KMS key; verify agrees', async () => {
    const staged = await stage(clients, { handoffSecret: HANDOFF });
    expect(aws.parameters.get(PARAMETER)?.value).toBe(PLACEHOLDER);
    const idpNew = await idpReadsPending();
    expect(fingerprint(idpNew)).toBe(staged.fingerprint);
    expect(idpNew).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const promoted = await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });
    expect(promoted).toEqual({
      fingerprint: staged.fingerprint,
      previousFingerprint: undefined,
      alreadyPromoted: false,
    });
    expect(aws.parameters.get(PARAMETER)).toMatchObject({ value: idpNew, type: 'SecureString', keyId: KEY });
    expect(aws.stageValue(HANDOFF, 'AWSCURRENT')).toBe(idpNew);
    expect(aws.stageValue(HANDOFF, 'AWSPENDING')).toBeUndefined();

    await expect(verify(clients, { parameter: PARAMETER, handoffSecret: HANDOFF })).resolves.toEqual({
      fingerprint: staged.fingerprint,
      comparedWithHandoff: true,
    });
  });

  it('a second rotation keeps the old value as AWSPREVIOUS and reports it', async () => {
    await stage(clients, { handoffSecret: HANDOFF, value: 'old-token-value' });
    await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });

    const next = await stage(clients, { handoffSecret: HANDOFF });
    // Until promote, the functions keep sending the old value, which the IDP still accepts.
    expect(aws.parameters.get(PARAMETER)?.value).toBe('old-token-value');
    const promoted = await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });
    expect(promoted.previousFingerprint).toBe(fingerprint('old-token-value'));
    expect(promoted.fingerprint).toBe(next.fingerprint);
    expect(aws.stageValue(HANDOFF, 'AWSPREVIOUS')).toBe('old-token-value');
    expect(fingerprint(aws.stageValue(HANDOFF, 'AWSCURRENT')!)).toBe(next.fingerprint);
  });

  it('a repeated promote writes nothing', async () => {
    await stage(clients, { handoffSecret: HANDOFF });
    await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });
    // A second promote needs a pending value: restage the same one, as after a crash between steps.
    const value = aws.stageValue(HANDOFF, 'AWSCURRENT')!;
    await stage(clients, { handoffSecret: HANDOFF, value });
    const puts = aws.calls.filter((c) => c.action === 'PutParameter').length;
    const again = await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });
    expect(again.alreadyPromoted).toBe(true);
    expect(aws.calls.filter((c) => c.action === 'PutParameter')).toHaveLength(puts);
  });

  it('refuses to stage over a staged value unless asked to restage', async () => {
    const first = await stage(clients, { handoffSecret: HANDOFF });
    await expect(stage(clients, { handoffSecret: HANDOFF })).rejects.toThrow(AlreadyStagedError);
    await expect(stage(clients, { handoffSecret: HANDOFF })).rejects.toThrow(first.fingerprint);
    const second = await stage(clients, { handoffSecret: HANDOFF, restage: true });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(fingerprint(await idpReadsPending())).toBe(second.fingerprint);
  });

  it('promote without a staged value fails and writes nothing', async () => {
    await expect(
      promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY }),
    ).rejects.toThrow(NothingStagedError);
    expect(aws.calls.some((c) => c.action === 'PutParameter')).toBe(false);
  });

  it('promote fails when the parameter does not read back what was written', async () => {
    await stage(clients, { handoffSecret: HANDOFF });
    aws.tamperedRead = 'something-else';
    await expect(
      promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY }),
    ).rejects.toThrow(VerificationError);
    // The hand-off secret still says the new value is only pending.
    expect(aws.stageValue(HANDOFF, 'AWSPENDING')).toBeDefined();
  });

  it('verify fails on the placeholder, on a drifted parameter and on a wrong expected fingerprint', async () => {
    await expect(verify(clients, { parameter: PARAMETER, handoffSecret: HANDOFF })).rejects.toThrow(
      /still holds the placeholder/,
    );
    await stage(clients, { handoffSecret: HANDOFF });
    await promote(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY });
    aws.putParameter(PARAMETER, 'changed-by-hand');
    await expect(verify(clients, { parameter: PARAMETER, handoffSecret: HANDOFF })).rejects.toThrow(
      /holds sha256:[0-9a-f]{12} but .* says the current value is sha256:[0-9a-f]{12}/,
    );
    await expect(
      verify(clients, {
        parameter: PARAMETER,
        handoffSecret: HANDOFF,
        expectFingerprint: 'sha256:000000000000',
      }),
    ).rejects.toThrow(/expected sha256:000000000000/);
  });
});

describe('a secret only this project holds rotates in one step', () => {
  const OWN = '/prod/messages/api_key_pepper';
  const OWN_HANDOFF = 'prod/messages/api_key_pepper/handoff';

  it('rotate writes a new value with the KMS key and reads it back', async () => {
    aws.putParameter(OWN, 'first-value');
    const result = await rotate(clients, { parameter: OWN, handoffSecret: OWN_HANDOFF, kmsKeyId: KEY });
    expect(result.previousFingerprint).toBe(fingerprint('first-value'));
    expect(fingerprint(aws.parameters.get(OWN)!.value)).toBe(result.fingerprint);
    expect(aws.parameters.get(OWN)!.keyId).toBe(KEY);
    await expect(verify(clients, { parameter: OWN, handoffSecret: OWN_HANDOFF })).resolves.toEqual({
      fingerprint: result.fingerprint,
      comparedWithHandoff: false,
    });
  });

  it('rotate refuses a shared secret', async () => {
    await expect(
      rotate(clients, { parameter: PARAMETER, handoffSecret: HANDOFF, kmsKeyId: KEY }),
    ).rejects.toThrow(SharedSecretError);
    expect(aws.parameters.get(PARAMETER)?.value).toBe(PLACEHOLDER);
  });
});

describe('the command line', () => {
  const run = async (argv: string[], extra: { stdin?: string; env?: Record<string, string> } = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const slept: number[] = [];
    const code = await runCli(argv, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      createClients: () => clients,
      readStdin: async () => extra.stdin ?? '',
      sleep: async (seconds) => {
        slept.push(seconds);
      },
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    return { code, out, err, slept, all: [...out, ...err].join('\n') };
  };

  it('runs stage, promote and verify with default names, printing fingerprints and never the value', async () => {
    const secret = 'a-value-given-by-an-operator-0123456789';
    const staged = await run(['stage', '--parameter', PARAMETER, '--value-from-stdin'], {
      stdin: `${secret}\n`,
    });
    expect(staged.code).toBe(0);
    expect(staged.out[0]).toContain(`staged ${fingerprint(secret)} as AWSPENDING of ${HANDOFF}`);

    const promoted = await run(['promote', '--parameter', PARAMETER]);
    expect(promoted.code).toBe(0);
    expect(promoted.slept).toEqual([90]);
    expect(promoted.out.at(-1)).toBe(
      '2030-01-01T00:00:00.000Z: the IDP may now stop accepting the old value',
    );
    expect(aws.parameters.get(PARAMETER)).toMatchObject({ value: secret, keyId: KEY });

    const verified = await run(['verify', '--parameter', PARAMETER]);
    expect(verified.code).toBe(0);
    expect(verified.out[0]).toBe(
      `${PARAMETER} holds ${fingerprint(secret)}, equal to the current value of ${HANDOFF}`,
    );

    for (const result of [staged, promoted, verified]) expect(result.all).not.toContain(secret);
  });

  it('exits 1 with the reason when a step fails, and 2 with the usage on a wrong command line', async () => {
    const failed = await run(['verify', '--parameter', PARAMETER]);
    expect(failed.code).toBe(1);
    expect(failed.err).toEqual([`error: ${PARAMETER} still holds the placeholder: it was never set`]);

    const missing = await run(['promote']);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toBe('error: --parameter is required');

    const badDrain = await run(['promote', '--parameter', PARAMETER, '--drain-seconds', 'soon']);
    expect(badDrain.code).toBe(2);
    expect(badDrain.err[0]).toMatch(/--drain-seconds must be a whole number/);

    const unknown = await run(['shred', '--parameter', PARAMETER]);
    expect(unknown.code).toBe(2);

    // An option of another command is refused rather than silently ignored.
    const misplaced = await run(['verify', '--parameter', PARAMETER, '--restage']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.err[0]).toBe('error: verify does not take --restage');
  });

  it('reports an AWS error by name, e.g. a hand-off secret that does not exist', async () => {
    const result = await run(['stage', '--parameter', '/prod/idp/doc-capture/unknown_token']);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^error: AWS answered ResourceNotFoundException \(HTTP 400\)/);
  });

  it('with no client injected, reaches the endpoint named by AWS_ENDPOINT_URL', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    try {
      aws.putParameter('/prod/own/secret', 'before');
      const out: string[] = [];
      const code = await runCli(['rotate', '--parameter', '/prod/own/secret'], {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
      });
      expect(code).toBe(0);
      expect(out[0]).toMatch(
        /^\/prod\/own\/secret now holds sha256:[0-9a-f]{12} \(was sha256:[0-9a-f]{12}\)/,
      );
      expect(aws.parameters.get('/prod/own/secret')!.value).not.toBe('before');
    } finally {
      process.env = saved;
    }
  });
});
