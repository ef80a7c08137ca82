import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeySettingsError, ApiKeyStore, DEFAULT_RATE_LIMIT_PER_MINUTE } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export interface CliEnvironment {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The DynamoDB client; by default the SDK's own chain (AWS_REGION, AWS_ENDPOINT_URL, credentials). */
  createClient?: () => DynamoDBDocumentClient;
}

export const USAGE = `Usage:
  messages-keys create --environment <env> --name <name> [--recipient <email or +E.164>]... [--domain <domain>]...
                       [--decrypt] [--rate <requests per minute, default ${DEFAULT_RATE_LIMIT_PER_MINUTE}>]
  messages-keys list   --environment <env>
  messages-keys revoke --environment <env> --key-id <id>

API keys of the messages service, in the <env>-messages-api-keys table. create prints the new key once (the
table keeps only its SHA-256) and its public id; list prints every key's id, name, scope, permission, limit and
state, never a key; revoke stops a key at once, by its id. A key sends to and reads only its recipients and the
mailboxes of its domains. Against the local cloud: export AWS_ENDPOINT_URL (npm start prints it) and use
--environment local.`;

const options = {
  environment: { type: 'string' },
  name: { type: 'string' },
  recipient: { type: 'string', multiple: true },
  domain: { type: 'string', multiple: true },
  decrypt: { type: 'boolean' },
  rate: { type: 'string' },
  'key-id': { type: 'string' },
  help: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Option = keyof typeof options;

const COMMANDS: Readonly<Record<string, readonly Option[]>> = {
  create: ['environment', 'name', 'recipient', 'domain', 'decrypt', 'rate'],
  list: ['environment'],
  revoke: ['environment', 'key-id'],
};

const ENVIRONMENT = /^(local|sandbox|test|beta|prod)$/;

function parse(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...extra] = parsed.positionals;
  const allowed = command === undefined ? undefined : COMMANDS[command];
  if (allowed === undefined) throw new UsageError(`Unknown command ${command ?? '(none)'}`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${extra[0]}`);
  const given = Object.keys(parsed.values) as Option[];
  const foreign = given.filter((option) => !allowed.includes(option));
  if (foreign.length > 0) throw new UsageError(`${command} does not take --${foreign.join(', --')}`);
  const environment = parsed.values.environment;
  if (environment === undefined || !ENVIRONMENT.test(environment)) {
    throw new UsageError('--environment must be one of local, sandbox, test, beta, prod');
  }
  return { command, environment, values: parsed.values };
}

/** Runs one command; returns the exit status (0 done, 1 failed, 2 usage). */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  if (argv.includes('--help') || argv.length === 0) {
    env.out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let client: DynamoDBDocumentClient | undefined;
  try {
    const { command, environment, values } = parse(argv);
    client = env.createClient?.() ?? createDocumentClient();
    const keys = new ApiKeyStore({ client, tableName: `${environment}-messages-api-keys` });
    if (command === 'create') {
      if (values.name === undefined) throw new UsageError('create needs --name');
      const rate = values.rate === undefined ? undefined : Number(values.rate);
      const { apiKey, record } = await keys.issue({
        name: values.name,
        recipients: values.recipient ?? [],
        domains: values.domain ?? [],
        canDecrypt: values.decrypt === true,
        ...(rate === undefined ? {} : { rateLimitPerMinute: rate }),
      });
      env.out(`Created key ${record.key_id} (${record.name}). The key, shown only now:`);
      env.out(apiKey);
      return 0;
    }
    if (command === 'list') {
      const all = await keys.list();
      if (all.length === 0) env.out('No keys.');
      for (const key of all) {
        const scope = [...key.recipients, ...key.domains.map((domain) => `*@${domain}`)].join(', ');
        const state = key.revoked_at === undefined ? 'active' : `revoked ${key.revoked_at}`;
        env.out(
          `${key.key_id}  ${key.name}  ${state}  ${key.rate_limit_per_minute}/min  ${key.can_decrypt ? 'decrypt' : 'no-decrypt'}  ${scope}`,
        );
      }
      return 0;
    }
    const keyId = values['key-id'];
    if (keyId === undefined || !/^[0-9a-f]{16}$/.test(keyId)) {
      throw new UsageError('revoke needs --key-id, the 16-character id that create and list print');
    }
    if (!(await keys.revoke(keyId))) {
      env.err(`No key has the id ${keyId}`);
      return 1;
    }
    env.out(`Revoked key ${keyId}: it is refused from now on.`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      env.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ApiKeySettingsError) {
      env.err(
        `${error.message} (--${error.field === 'rateLimitPerMinute' ? 'rate' : error.field === 'recipients' ? 'recipient' : error.field})`,
      );
      return 2;
    }
    env.err(`Failed: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    client?.destroy();
  }
}
