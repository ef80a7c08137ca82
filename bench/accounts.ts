// The accounts service (issue 11, Performance; docs/performance.md): login latency (p50, p99) and logins per second
// through the login function's own handler (the same httpHandler and routes it runs in Lambda) against the local
// cloud's DynamoDB and Secrets Manager, beside the bare cost of one password check at the same parameters,
// measured in the same run, interleaved.
import { performance } from 'node:perf_hooks';
import { PASSWORD_HASH_PARAMETERS, hashPassword, verifyPassword } from '@backend/crypto';
import { accountsRoutes, accountsService, loadCommonPasswords, localAccounts } from '@backend/accounts';
import { createLogger, httpHandler } from '@backend/platform';
import { httpApiEvent, lambdaContext, startLocalCloud } from '@backend/testing';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection } from './doc.js';
import { latencies, median, type Latencies } from './stats.js';

/** Issue 11: login p50 within the bare hash cost + 10 %. */
export const LOGIN_TARGET_RATIO = 1.1;

export interface AccountsBenchOptions {
  /** Sequential logins timed, each beside one bare password check. */
  logins: number;
  /** Logins (and bare checks) run this many at a time for the rate. */
  concurrency: number;
  /** Logins in the rate measurement. */
  rateLogins: number;
}

export interface AccountsBenchSummary {
  options: AccountsBenchOptions;
  login: Latencies;
  bare: Latencies;
  loginsPerSecond: number;
  barePerSecond: number;
  commonPasswordsLoadMs: number;
  ratio: number;
  met: boolean;
}

const PASSWORD = 'bench orchard 42 lanterns';
// Under the per-address login budget (20 per 15 minutes): the logins are spread over this many users.
const LOGINS_PER_USER = 15;

async function measure(options: AccountsBenchOptions): Promise<Omit<AccountsBenchSummary, 'ratio' | 'met'>> {
  const loadStart = performance.now();
  await loadCommonPasswords();
  const commonPasswordsLoadMs = performance.now() - loadStart;

  const cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  const local = localAccounts({ clientConfig: cloud.clientConfig, publicBaseUrl: cloud.httpApiUrl });
  try {
    const login = httpHandler(accountsRoutes(local.accounts).login, {
      logger: createLogger({ logLevel: 'ERROR' }),
    });

    // Verified users with the production hash, written straight to the table (sign-up is not what is measured).
    const total = options.logins + options.rateLogins;
    const emails = Array.from(
      { length: Math.ceil(total / LOGINS_PER_USER) + 1 },
      (_, i) => `bench.${i}@example.gov`,
    );
    for (const email of emails) await local.createVerifiedUser(email, PASSWORD);
    const passwordHash = await hashPassword(PASSWORD, PASSWORD_HASH_PARAMETERS);
    let next = 0;
    const loginOnce = async (): Promise<number> => {
      const email = emails[Math.floor(next++ / LOGINS_PER_USER)]!;
      const event = httpApiEvent({
        routeKey: 'POST /api/accounts/login',
        body: { email, password: PASSWORD },
        sourceIp: `198.51.100.${next % 250}`,
      });
      const started = performance.now();
      const result = (await login(event, lambdaContext('local-login'))) as {
        statusCode: number;
        body: string;
      };
      const elapsed = performance.now() - started;
      if (result.statusCode !== 200) throw new Error(`login answered ${result.statusCode}: ${result.body}`);
      return elapsed;
    };
    const bareOnce = async (): Promise<number> => {
      const started = performance.now();
      if (!(await verifyPassword(PASSWORD, passwordHash))) throw new Error('the bare check failed');
      return performance.now() - started;
    };

    // Warm-up: the keyring secret, the clients, the first hash.
    await loginOnce();
    await bareOnce();
    const loginMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < options.logins; i++) {
      // Which goes first alternates, so neither always meets a busier moment.
      if (i % 2 === 0) {
        loginMs.push(await loginOnce());
        bareMs.push(await bareOnce());
      } else {
        bareMs.push(await bareOnce());
        loginMs.push(await loginOnce());
      }
    }

    const rate = async (once: () => Promise<number>, count: number): Promise<number> => {
      let left = count;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (left-- > 0) await once();
        }),
      );
      return count / ((performance.now() - started) / 1000);
    };
    const half = Math.floor(options.rateLogins / 2);
    const loginsPerSecond = median([
      await rate(loginOnce, half),
      await rate(loginOnce, options.rateLogins - half),
    ]);
    const barePerSecond = median([
      await rate(bareOnce, half),
      await rate(bareOnce, options.rateLogins - half),
    ]);
    return {
      options,
      login: latencies(loginMs),
      bare: latencies(bareMs),
      loginsPerSecond,
      barePerSecond,
      commonPasswordsLoadMs,
    };
  } finally {
    local.destroy();
    await cloud.stop();
  }
}

export function summarizeAccounts(
  measured: Omit<AccountsBenchSummary, 'ratio' | 'met'>,
): AccountsBenchSummary {
  const ratio = measured.login.p50 / measured.bare.p50;
  return { ...measured, ratio, met: ratio <= LOGIN_TARGET_RATIO };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const perSecond = (value: number) => `${value.toFixed(2)}/s`;

export function accountsSection(
  summary: AccountsBenchSummary,
  machine = thisMachine(),
  date = today(),
): string {
  const { options: o, login, bare } = summary;
  const p = PASSWORD_HASH_PARAMETERS;
  return wrapSection('accounts', [
    `${measuredOn(date, machine)}. ${o.logins} sequential logins, each beside one bare \`verifyPassword\` (which goes first alternating); then ${o.rateLogins} logins and ${o.rateLogins} bare checks, ${o.concurrency} at a time, in two halves (median rate).${loadNote(machine)}`,
    '',
    "| measure | login (the function's handler) | bare `verifyPassword` | login vs bare |",
    '|---|--:|--:|--:|',
    `| p50 | ${ms(login.p50)} | ${ms(bare.p50)} | ${summary.ratio.toFixed(2)}x |`,
    `| p99 | ${ms(login.p99)} | ${ms(bare.p99)} | ${(login.p99 / bare.p99).toFixed(2)}x |`,
    `| per second, ${o.concurrency} at a time | ${perSecond(summary.loginsPerSecond)} | ${perSecond(summary.barePerSecond)} | ${(summary.loginsPerSecond / summary.barePerSecond).toFixed(2)}x |`,
    '',
    `- Hash: scrypt N = 2^${p.logN}, r = ${p.r}, p = ${p.p}. Target: login p50 within bare + 10 % (${LOGIN_TARGET_RATIO.toFixed(2)}x): ${summary.ratio.toFixed(2)}x, **${summary.met ? 'met' : 'not met'}**.`,
    `- The common-password list (49,233 entries) loaded in ${ms(summary.commonPasswordsLoadMs)} on first use in this process.`,
  ]);
}

export async function runAccounts(
  options: AccountsBenchOptions & { doc: string | undefined },
): Promise<boolean> {
  const machine = thisMachine();
  console.log(
    `Accounts: ${options.logins} logins beside bare password checks, then ${options.rateLogins} at ${options.concurrency} at a time ...`,
  );
  const summary = summarizeAccounts(await measure(options));
  const section = accountsSection(summary, machine);
  console.log(section);
  if (options.doc !== undefined) {
    await writeSection(options.doc, 'accounts', section);
    console.log(`Wrote the accounts figures to ${options.doc}`);
  }
  return summary.met;
}
