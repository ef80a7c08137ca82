// `npm run bench`: the cold start of every app, the local cloud, the proofing jobs, feature flags, the messages
// service, accounts' login, the licensing ingest and the licensing read API (docs/performance.md).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAccounts } from './accounts.js';
import { MIN_COLD_START_RUNS, runColdStart } from './cold-start.js';
import { runFlags } from './flags.js';
import { runLicensing } from './licensing.js';
import { runLicensingReads } from './licensing-reads.js';
import { runLocalCloud } from './local-cloud.js';
import { runMessages } from './messages.js';
import { runPlatform } from './platform.js';
import { runProofing } from './proofing.js';

const workspaceRoot = fileURLToPath(new URL('../', import.meta.url));
const DOC = join(workspaceRoot, 'docs', 'performance.md');
const SUITES = [
  'cold-start',
  'local-cloud',
  'proofing',
  'service-platform',
  'feature-flags',
  'messages',
  'accounts',
  'licensing',
  'licensing-reads',
] as const;
type Suite = (typeof SUITES)[number];

const USAGE = `Usage: npm run bench -- [--suite <name>] [options]
  --suite        cold-start, local-cloud, proofing, service-platform, feature-flags, messages, accounts, licensing,
                 licensing-reads or all (default all); repeat to run several
  --no-write     print the results without updating docs/performance.md
  --check        exit 1 when a measured target is missed

cold-start:
  --runs <n>     fresh processes per variant (default 15, at least ${MIN_COLD_START_RUNS}); medians are reported
  --app <name>   only these apps from apps/ (repeatable)
  --project <d>  also measure a directory laid out like an app (e.g. tools/release/tests/fixtures/fixture-app)

local-cloud:
  --start-runs <n>  fresh processes starting the local cloud (default 7)
  --rounds <n>      throughput rounds, each measuring both paths (default 3)
  --items <n>       items per throughput round (default 2000)

proofing:
  --jobs <n>     address jobs measured (default 500), after --warmup <n> (default 20)
  --image-bytes <n>  size of the image decrypted (default 2000000)

service-platform:
  --hashes <n>         password hashes timed (default 7)
  --seal-bytes <n>     size sealed and opened (default 1000000)
  --platform-rounds <n>  rounds of seal/open and of batch writes, each measuring both sides (default 7)
  --batch-items <n>    items written by each batch path per round (default 2000)

feature-flags:
  --flag-rounds <n>    rounds, each timing uncached checks, direct reads and cached checks (default 7)
  --flag-reads <n>     uncached checks and direct GetParameter reads per round (default 200)

messages:
  --posts <n>          accepted POST /msg timed for the rate (default 500), --post-concurrency <n> in flight (default 8)
  --messages <n>       messages timed from POST to sent (default 200), after --message-warmup <n> (default 10)

accounts:
  --logins <n>         sequential logins timed, each beside a bare password check (default 40)
  --rate-logins <n>    logins for the rate, 2 at a time (default 20)

licensing:
  --license-rows <n>   rows of a generated CSV file ingested (repeatable; default 20000 and 200000: the peak memory
                       of the last is compared with the first's)

licensing-reads:
  --read-rounds <n>    rounds, each timing bulk reads through the API and direct BatchGetItem (default 5)
  --bulk-reads <n>     100-provider bulk reads each way per round (default 200)
  --verifies <n>       token verifications timed per round, and as many bare signature checks (default 2000)`;

const { values } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    runs: { type: 'string', default: '15' },
    app: { type: 'string', multiple: true },
    project: { type: 'string', multiple: true },
    'start-runs': { type: 'string', default: '7' },
    rounds: { type: 'string', default: '3' },
    items: { type: 'string', default: '2000' },
    jobs: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '20' },
    'image-bytes': { type: 'string', default: '2000000' },
    hashes: { type: 'string', default: '7' },
    'seal-bytes': { type: 'string', default: '1000000' },
    'platform-rounds': { type: 'string', default: '7' },
    'batch-items': { type: 'string', default: '2000' },
    'flag-rounds': { type: 'string', default: '7' },
    'flag-reads': { type: 'string', default: '200' },
    posts: { type: 'string', default: '500' },
    'post-concurrency': { type: 'string', default: '8' },
    messages: { type: 'string', default: '200' },
    'message-warmup': { type: 'string', default: '10' },
    logins: { type: 'string', default: '40' },
    'rate-logins': { type: 'string', default: '20' },
    'license-rows': { type: 'string', multiple: true },
    'read-rounds': { type: 'string', default: '5' },
    'bulk-reads': { type: 'string', default: '200' },
    verifies: { type: 'string', default: '2000' },
    'no-write': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
  allowPositionals: false,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function integer(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    fail(`--${flag} must be an integer of at least ${min}, got ${raw}`);
  return value;
}

const requested = values.suite ?? ['all'];
const unknown = requested.filter((s) => s !== 'all' && !SUITES.includes(s as Suite));
if (unknown.length > 0)
  fail(`unknown --suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')} or all`);
const suites: Suite[] = requested.includes('all') ? [...SUITES] : SUITES.filter((s) => requested.includes(s));

const runs = integer('runs', values.runs, MIN_COLD_START_RUNS);
const startRuns = integer('start-runs', values['start-runs'], 1);
const rounds = integer('rounds', values.rounds, 1);
const items = integer('items', values.items, 10);
const jobs = integer('jobs', values.jobs, 1);
const warmup = integer('warmup', values.warmup, 0);
const imageBytes = integer('image-bytes', values['image-bytes'], 1024);
const hashes = integer('hashes', values.hashes, 1);
const sealBytes = integer('seal-bytes', values['seal-bytes'], 1024);
const platformRounds = integer('platform-rounds', values['platform-rounds'], 1);
const batchItems = integer('batch-items', values['batch-items'], 25);
const flagRounds = integer('flag-rounds', values['flag-rounds'], 1);
const flagReads = integer('flag-reads', values['flag-reads'], 1);
const posts = integer('posts', values.posts, 1);
const postConcurrency = integer('post-concurrency', values['post-concurrency'], 1);
const messages = integer('messages', values.messages, 1);
const messageWarmup = integer('message-warmup', values['message-warmup'], 0);
const logins = integer('logins', values.logins, 1);
const rateLogins = integer('rate-logins', values['rate-logins'], 2);
const licenseRows = (values['license-rows'] ?? ['20000', '200000']).map((raw) =>
  integer('license-rows', raw, 1),
);
const readRounds = integer('read-rounds', values['read-rounds'], 1);
const bulkReads = integer('bulk-reads', values['bulk-reads'], 1);
const verifies = integer('verifies', values.verifies, 1);
const doc = values['no-write'] ? undefined : DOC;

const met: Record<string, boolean> = {};
try {
  for (const suite of suites) {
    if (suite === 'cold-start') {
      met[suite] = await runColdStart({
        workspaceRoot,
        runs,
        ...(values.app === undefined ? {} : { apps: values.app }),
        ...(values.project === undefined ? {} : { projects: values.project }),
        doc,
      });
    } else if (suite === 'local-cloud') {
      met[suite] = await runLocalCloud({ workspaceRoot, startRuns, rounds, items, doc });
    } else if (suite === 'messages') {
      met[suite] = await runMessages({
        posts,
        concurrency: postConcurrency,
        messages,
        warmup: messageWarmup,
        doc,
      });
    } else if (suite === 'licensing-reads') {
      met[suite] = await runLicensingReads({ rounds: readRounds, reads: bulkReads, verifies, doc });
    } else if (suite === 'licensing') {
      met[suite] = await runLicensing({ rows: licenseRows, doc });
    } else if (suite === 'service-platform') {
      met[suite] = await runPlatform({
        hashes,
        sealBytes,
        rounds: platformRounds,
        sealsPerRound: 20,
        items: batchItems,
        doc,
      });
    } else if (suite === 'feature-flags') {
      met[suite] = await runFlags({ rounds: flagRounds, reads: flagReads, checks: 100_000, doc });
    } else if (suite === 'accounts') {
      met[suite] = await runAccounts({ logins, concurrency: 2, rateLogins, doc });
    } else {
      met[suite] = await runProofing({
        jobs,
        warmup,
        decryption: { bytes: imageBytes, rounds: 31, perRound: 10 },
        doc,
      });
    }
  }
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
}
const missed = Object.entries(met).filter(([, ok]) => !ok);
if (missed.length > 0) console.log(`Targets not met: ${missed.map(([suite]) => suite).join(', ')}`);
if (values.check && missed.length > 0) process.exitCode = 1;
