import type { ServiceDeclaration } from '@backend/contracts';
import { loadHttpFunction, type HttpHandlerModule } from './http-function.js';
import { startLocalCloud, type ClientConfig, type TestLocalCloud } from './local-cloud.js';
import { waitForMail } from './outbox.js';

/** What the harness needs of libs/accounts' `localAccounts` (this lib may not import a service's lib). */
export interface AccountsSeeder {
  /** Writes a verified user with this password straight to the users table. */
  createVerifiedUser(email: string, password: string): Promise<void>;
  destroy(): void;
}

/** Cheap scrypt parameters for users the harness prepares: a real login upgrades them to the production ones. */
export const SEEDED_HASH_PARAMETERS = { logN: 10, r: 8, p: 1 } as const;

export interface AccountsFunctionHarness<L extends AccountsSeeder> {
  readonly cloud: TestLocalCloud;
  /** The accounts operations against the same cloud (`localAccounts`), for preparing what the function acts on. */
  readonly local: L;
  /** The origin the harness's own calls through `local` come from. */
  readonly origin: { readonly sourceIp: string };
  /** Sends one request to the function's handler as API Gateway would. */
  invoke(
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A verified user with this password and a fresh address starting with `name`, written through `local`. */
  verifiedUser(name: string, password: string): Promise<string>;
  /** The `token` of the link in the next mail the local SES takes for `email`. */
  mailedToken(email: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A local cloud with the accounts service's tables, secret, mail and identity pool, and one accounts function's
 * own handler loaded in this process, configured as the declaration configures it (`environment` on top): the
 * shape of every accounts app's integration test. The declaration and `localAccounts` come from libs/accounts.
 */
export async function startAccountsFunctionHarness<L extends AccountsSeeder>(options: {
  service: ServiceDeclaration;
  localAccounts: (options: {
    clientConfig: ClientConfig;
    hashParameters: typeof SEEDED_HASH_PARAMETERS;
  }) => L;
  app: string;
  handler: () => Promise<HttpHandlerModule>;
  environment?: Readonly<Record<string, string>>;
}): Promise<AccountsFunctionHarness<L>> {
  const declaration = options.service.functions?.find((fn) => fn.app === options.app);
  if (declaration === undefined)
    throw new Error(`the accounts service declares no function for ${options.app}`);
  // The function runs in process, not in a worker behind the HTTP API: none is deployed.
  const cloud = await startLocalCloud({ services: [{ ...options.service, functions: [] }] });
  const fn = await loadHttpFunction(cloud, declaration, options.handler, options.environment);
  const local = options.localAccounts({
    clientConfig: cloud.clientConfig,
    hashParameters: SEEDED_HASH_PARAMETERS,
  });

  return {
    cloud,
    local,
    origin: { sourceIp: '203.0.113.9' },
    async invoke(body, headers = {}) {
      const { status, body: answer } = await fn.request({ body, headers });
      return { status, body: answer as Record<string, unknown> };
    },
    async verifiedUser(name, password) {
      const email = `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
      await local.createVerifiedUser(email, password);
      return email;
    },
    async mailedToken(email) {
      const text = (await waitForMail(cloud.sesUrl, email)).body.text ?? '';
      const token = new URLSearchParams(/#(\S+)/.exec(text)?.[1] ?? '').get('token');
      if (token === null) throw new Error(`the mail to ${email} carries no link with a token`);
      return token;
    },
    async stop() {
      local.destroy();
      await cloud.stop();
    },
  };
}
