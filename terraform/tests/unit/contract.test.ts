import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listApps, loadConfigSchema } from '../lib/apps.js';
import {
  AWS_PROVIDER_VERSION,
  ENVIRONMENTS,
  checkAppsMatchFunctions,
  checkAsyncFailuresAndInvokers,
  checkBlockOrder,
  checkBucketsSecured,
  checkCallbackHostsValidation,
  checkCompositionUsesModulesOnly,
  checkDataPreventDestroy,
  checkEnvironments,
  checkEventSourceMappingsReportFailures,
  checkFunctionMatchesSchema,
  checkFunctionModule,
  checkFunctionModuleSecrets,
  checkFunctionsHaveAlarms,
  checkGitRefValidated,
  checkLayer,
  checkModuleLayout,
  checkNoSecretInState,
  checkNoWildcardActions,
  checkOutcomeItemsLimited,
  checkOutputsDocumented,
  checkProdRunsNoMock,
  checkProdSettingsChooseRealVendors,
  checkProviderPinned,
  checkSettingAllowed,
  checkQueueVisibilityCoversConsumers,
  checkQueuesHaveDlq,
  checkSecretVersionsKeepValue,
  checkTablesProtected,
  checkVariablesDocumented,
  checkVendorSecrets,
  checkVendorSecretsPrepared,
  checkVendorValidation,
  checkWildcardResourcesExplained,
  functionCalls,
  numericDefault,
  terraformPath,
  type ConfigSchema,
  type Environments,
  type Violations,
} from '../lib/checks.js';
import { TERRAFORM_DIR, loadTree, type TfModule } from '../lib/hcl.js';
import { JOB_TYPES, type JobType } from '@backend/contracts';
import { outcomeRecordPrefix } from '@backend/proofing';

// The real tree under terraform/: every check must find nothing.
let tree: TfModule[];
const under = (path: string): TfModule[] => tree.filter((m) => m.dir.startsWith(terraformPath(path) + '/'));
const at = (path: string): TfModule => {
  const found = tree.find((m) => m.dir === terraformPath(path));
  if (found === undefined) throw new Error(`no Terraform in terraform/${path}`);
  return found;
};
const all = (check: (module: TfModule) => Violations, modules = tree): Violations => modules.flatMap(check);
const count = (type: string): number =>
  tree.flatMap((m) => m.resources).filter((r) => r.type === type).length;

beforeAll(async () => {
  tree = await loadTree(TERRAFORM_DIR);
});

describe('terraform/ as a whole', () => {
  it('parses every .tf file into the expected module directories', () => {
    const paths = tree.map((m) => m.path);
    for (const name of [
      'function',
      'queue',
      'table',
      'bucket',
      'http_api',
      'alb_api',
      'parameters',
      'secrets',
      'bucket_notifications',
      'key_administration',
    ]) {
      expect(paths).toContain(`terraform/modules/${name}`);
    }
    expect(paths).toContain('terraform/services/proofing');
    expect(paths).toContain('terraform/global');
    for (const env of ENVIRONMENTS) {
      for (const root of ['settings', 'data', 'compute'])
        expect(paths).toContain(`terraform/environments/${env}/${root}`);
    }
  });

  it('pins the AWS provider to one exact version in every root, ~> 6.0 elsewhere, and a Terraform version wherever AWS is used', () => {
    expect(all((m) => checkProviderPinned(m))).toEqual([]);
    const roots = tree.filter((m) => m.files['backend.tf'] !== undefined).map((m) => m.path);
    expect(roots).toHaveLength(9);
    for (const root of tree.filter((m) => m.files['backend.tf'] !== undefined))
      expect(root.files['versions.tf']).toContain(`version = "${AWS_PROVIDER_VERSION}"`);
  });

  it('puts no secret value in state or a plan file', () => {
    expect(count('aws_ssm_parameter') + count('aws_secretsmanager_secret_version')).toBeGreaterThan(0);
    expect(all(checkNoSecretInState)).toEqual([]);
  });

  it('refuses a ref the IDP could not pin, saying what to do, where an operator passes git_ref and where the alias is made', () => {
    // The environment roots take git_ref from a person or CI; modules/function names the alias.
    const validated = [
      ...ENVIRONMENTS.map((env) => at(join('environments', env, 'compute'))),
      at('modules/function'),
    ];
    expect(validated.flatMap(checkGitRefValidated)).toEqual([]);
  });

  it('types and describes every variable and describes every output', () => {
    expect(all(checkVariablesDocumented)).toEqual([]);
    expect(all(checkOutputsDocumented)).toEqual([]);
  });

  it('puts for_each or count first and tags last in every block', () => {
    expect(all(checkBlockOrder)).toEqual([]);
  });
});

describe('modules', () => {
  it('each has main, variables, outputs, versions, a README and a main resource named "this"', () => {
    const modules = under('modules');
    expect(modules).toHaveLength(13);
    expect(modules.flatMap((m) => checkModuleLayout(m, readdirSync(m.dir)))).toEqual([]);
  });

  it('the function module deploys <app>/<git_ref>.zip as handler.handler on nodejs22.x, checked at plan time', () => {
    expect(checkFunctionModule(at('modules/function'))).toEqual([]);
  });

  it('the function module names and grants exactly the non-null secrets it is given', () => {
    expect(checkFunctionModuleSecrets(at('modules/function'))).toEqual([]);
  });
});

describe('resources everywhere', () => {
  it("every KMS key's policy holds the account's statement, written once in modules/key_administration", () => {
    const keys = tree.flatMap((m) =>
      m.resources.filter((r) => r.type === 'aws_kms_key').map((key) => ({ module: m, key })),
    );
    expect(keys.length).toBeGreaterThanOrEqual(4);
    const problems = keys.flatMap(({ module, key }) => {
      const administration = module.modules
        .filter((call) => call.sourceDir.endsWith('modules/key_administration'))
        .map((call) => `module.${call.name}.json`);
      const policy = String(key.body['policy']);
      const document = /data\.aws_iam_policy_document\.(\w+)\.json/.exec(policy)?.[1];
      const sources = JSON.stringify(
        module.data.find((d) => d.type === 'aws_iam_policy_document' && d.name === document)?.body[
          'source_policy_documents'
        ] ?? '',
      );
      const ok = administration.some((output) => policy.includes(output) || sources.includes(output));
      return ok ? [] : [`${module.path}: aws_kms_key.${key.name}`];
    });
    expect(problems).toEqual([]);
  });

  it('every function has an errors alarm', () => {
    expect(count('aws_lambda_function')).toBeGreaterThan(0);
    expect(all(checkFunctionsHaveAlarms)).toEqual([]);
  });

  it('every event source mapping reports partial batch failures', () => {
    expect(count('aws_lambda_event_source_mapping')).toBeGreaterThan(0);
    expect(all(checkEventSourceMappingsReportFailures)).toEqual([]);
  });

  it('every queue has a DLQ', () => {
    expect(count('aws_sqs_queue')).toBeGreaterThan(0);
    expect(all(checkQueuesHaveDlq)).toEqual([]);
  });

  it('every bucket blocks public access, encrypts with KMS and requires TLS', () => {
    expect(count('aws_s3_bucket')).toBeGreaterThan(0);
    expect(all(checkBucketsSecured)).toEqual([]);
  });

  it('every table has point-in-time recovery and KMS encryption', () => {
    expect(count('aws_dynamodb_table')).toBeGreaterThan(0);
    expect(all(checkTablesProtected)).toEqual([]);
  });

  it('every stateful resource has prevent_destroy', () => {
    expect(count('aws_ssm_parameter')).toBeGreaterThan(0);
    expect(all(checkDataPreventDestroy)).toEqual([]);
  });

  it('every secret version Terraform creates keeps the value put by hand', () => {
    expect(count('aws_secretsmanager_secret_version')).toBeGreaterThan(0);
    expect(all(checkSecretVersionsKeepValue)).toEqual([]);
  });

  it('no IAM statement allows a wildcard action', () => {
    expect(all(checkNoWildcardActions)).toEqual([]);
  });

  it('every "*" resource is explained by a comment', () => {
    expect(all(checkWildcardResourcesExplained)).toEqual([]);
  });
});

describe('compositions and layers', () => {
  it('compositions under services/ are built from modules only', () => {
    expect(under('services').length).toBeGreaterThan(0);
    expect(all(checkCompositionUsesModulesOnly, under('services'))).toEqual([]);
  });

  it('compute holds no data and data holds no compute', () => {
    const compute = [at('stacks/compute'), ...under('services')];
    expect(compute.flatMap((m) => checkLayer(m, 'compute'))).toEqual([]);
    expect(checkLayer(at('stacks/data'), 'data')).toEqual([]);
  });

  it("every consumed queue's visibility timeout is at least 6x its consumer's timeout", () => {
    const defaults = {
      functionTimeoutSeconds: numericDefault(at('modules/function'), 'timeout_seconds'),
      queueVisibilitySeconds: numericDefault(at('modules/queue'), 'visibility_timeout_seconds'),
    };
    const consumers = under('services').flatMap((c) =>
      functionCalls(c).filter(
        (call) => Array.isArray(call.body.sqs_event_sources) && call.body.sqs_event_sources.length > 0,
      ),
    );
    expect(consumers.length).toBeGreaterThan(0);
    expect(all((m) => checkQueueVisibilityCoversConsumers(m, defaults), under('services'))).toEqual([]);
  });

  it('async jobs fail into a queue a function reports from, and only async jobs have outside invokers', () => {
    expect(all((m) => checkAsyncFailuresAndInvokers(m), under('services'))).toEqual([]);
  });

  it('the proofing functions are one module call with for_each over local.functions, and each old block moves into it', () => {
    const proofing = at('services/proofing');
    // hcl2json gives an object's keys in name order.
    const apps = ['proof-address', 'proof-document', 'proof-resolution', 'proofing-failure'];
    expect(functionCalls(proofing).map((call) => call.name)).toEqual(
      apps.map((app) => `functions["${app}"]`),
    );
    expect(Object.keys(proofing.locals.functions as object)).toEqual(apps);
    // An existing state keeps its functions: module.proof_address is now module.functions["proof-address"].
    const moves = Object.fromEntries(proofing.moved.map((m) => [m.from, m.to]));
    expect(moves).toEqual(
      Object.fromEntries(
        apps.map((app) => [`\${module.${app.replaceAll('-', '_')}}`, `\${module.functions["${app}"]}`]),
      ),
    );
  });

  it('every app under apps/ has exactly one function in a composition, and every function an app', () => {
    const apps = listApps();
    expect(apps.length).toBeGreaterThan(0);
    expect(checkAppsMatchFunctions(apps, under('services'))).toEqual([]);
  });

  it("a function gets its vendor's secret and read access to exactly it when the vendor is real, neither on the mock", () => {
    const secrets = under('services').flatMap((composition) =>
      functionCalls(composition).flatMap((call) =>
        Object.keys((call.body.secrets as Record<string, unknown> | undefined) ?? {}),
      ),
    );
    expect(secrets.sort()).toEqual([
      'ADDRESS_VENDOR_SECRET',
      // messages-api and send-message: the messages content keyring.
      'CONTENT_KEYRING_SECRET',
      'CONTENT_KEYRING_SECRET',
      'DOCUMENT_VENDOR_SECRET',
      // register-provider: the reCAPTCHA secret key.
      'RECAPTCHA_SECRET',
      'RESOLUTION_VENDOR_SECRET',
      // accounts: login and change-password read the session keyring.
      'SESSION_KEYS_SECRET',
      'SESSION_KEYS_SECRET',
      'STATE_ID_VENDOR_SECRET',
      // check-feature-flag: StatSig's key, where the environment sets one (null otherwise: nothing set or granted).
      'STATSIG_SECRET',
    ]);
    expect(all(checkVendorSecrets, under('services'))).toEqual([]);
  });

  it("the compositions accept exactly the vendors each app's configSchema accepts", async () => {
    const schemas: Record<string, ConfigSchema> = {};
    for (const app of listApps()) schemas[app] = await loadConfigSchema(app);
    const proofing = at('services/proofing');
    expect(Object.keys(proofing.variables)).toContain('vendors');
    expect(all((m) => checkVendorValidation(m, schemas), under('services'))).toEqual([]);
  });

  it('the compositions refuse a mock vendor in prod', () => {
    expect(all(checkProdRunsNoMock, under('services'))).toEqual([]);
  });

  it('Terraform validates callback_allowed_hosts with the pattern the callback check compares (host or host:port)', async () => {
    const schemas: Record<string, ConfigSchema> = {};
    for (const app of listApps()) schemas[app] = await loadConfigSchema(app);
    expect(all((m) => checkCallbackHostsValidation(m, schemas), under('services'))).toEqual([]);
  });

  it("each proofing job's IAM policy limits it to its own job type's outcome items (dynamodb:LeadingKeys)", () => {
    const prefixOf = (kind: string) => outcomeRecordPrefix(kind as JobType);
    expect(checkOutcomeItemsLimited(at('services/proofing'), prefixOf)).toEqual([]);
  });

  it("Terraform's lists of proofing job types are the contracts' JOB_TYPES, and written nowhere else", () => {
    expect(at('services/proofing').locals.job_types).toEqual([...JOB_TYPES]);
    expect(at('stacks/data').locals.job_types).toEqual([...JOB_TYPES]);
    // Any other list of the job types (a validation, a for expression) reads local.job_types instead.
    const literal = JOB_TYPES.map((type) => `"${type}"`).join(', ');
    const copies = tree.flatMap((m) =>
      Object.entries(m.files).flatMap(([file, text]) =>
        text
          .split('\n')
          .flatMap((line) => (line.includes(literal) ? [`${m.path}/${file}: ${line.trim()}`] : [])),
      ),
    );
    expect(copies.sort()).toEqual([
      `terraform/services/proofing/main.tf: job_types = [${literal}]`,
      `terraform/stacks/data/main.tf: job_types = [${literal}]`,
    ]);
  });

  it('the proofing failure queue keeps a failed event (with its PII) about an hour, its DLQ about a day', () => {
    const queue = at('services/proofing').modules.find((call) => call.name === 'failures_queue');
    // Long enough for every receive before the DLQ (5 x 180 s visibility), not the SQS default of 4 days.
    expect(queue?.body.message_retention_seconds).toBe(3600);
    // A day to inspect and redrive; a moved message keeps its first enqueue time, so this also bounds the whole stay.
    expect(queue?.body.dlq_retention_seconds).toBe(86400);
  });

  it("every function's environment matches its app's configSchema", async () => {
    const violations: Violations = [];
    const calls = under('services').flatMap((composition) =>
      functionCalls(composition).map((call) => ({ composition, call })),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const { composition, call } of calls) {
      const schema = await loadConfigSchema(String(call.body.app));
      violations.push(...checkFunctionMatchesSchema(composition, call, schema));
    }
    expect(violations).toEqual([]);
  });
});

describe('environments', () => {
  it('have their own state, account and tags, take only git_ref, and differ only in settings/ and backend.tf', () => {
    const environments: Environments = {};
    for (const env of ENVIRONMENTS) {
      environments[env] = {
        settings: at(join('environments', env, 'settings')),
        data: at(join('environments', env, 'data')),
        compute: at(join('environments', env, 'compute')),
      };
    }
    expect(checkEnvironments(environments)).toEqual([]);
  });

  it('prod chooses a real vendor for every step', () => {
    expect(checkProdSettingsChooseRealVendors(at(join('environments', 'prod', 'settings')))).toEqual([]);
    const vendors = (
      at(join('environments', 'prod', 'settings')).locals.compute as { proofing_vendors: object }
    ).proofing_vendors;
    expect(vendors).toEqual({
      address: 'lexisnexis',
      resolution: 'lexisnexis',
      state_id: 'aamva',
      document: 'acuant',
    });
  });

  it('choose a real vendor only once the data root holds its secret', () => {
    expect(
      ENVIRONMENTS.flatMap((env) => checkVendorSecretsPrepared(at(join('environments', env, 'settings')))),
    ).toEqual([]);
  });

  it.each([
    ['proof-address', 'address', 'ADDRESS_VENDOR'],
    ['proof-resolution', 'resolution', 'RESOLUTION_VENDOR'],
    ['proof-resolution', 'state_id', 'STATE_ID_VENDOR'],
    ['proof-document', 'document', 'DOCUMENT_VENDOR'],
  ])("choose a vendor that %s's configSchema accepts (%s)", async (app, kind, property) => {
    const schema = await loadConfigSchema(app);
    const violations = ENVIRONMENTS.flatMap((env) =>
      checkSettingAllowed(
        at(join('environments', env, 'settings')),
        `compute.proofing_vendors.${kind}`,
        schema,
        property,
      ),
    );
    expect(violations).toEqual([]);
  });
});
