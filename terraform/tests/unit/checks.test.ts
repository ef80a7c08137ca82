// Every contract check fails on a bad fixture (terraform/tests/fixtures), so none passes vacuously.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
} from '../lib/checks.js';
import { HclParseError, fixture, loadModule, type TfModule } from '../lib/hcl.js';

const load = (name: string) => loadModule(fixture(name));

/** An empty composition, for checks of one hand-made module call. */
const fakeComposition: TfModule = {
  dir: '/fixture',
  path: 'fixture',
  files: {},
  resources: [],
  data: [],
  modules: [],
  moved: [],
  variables: {},
  outputs: {},
  locals: {},
  terraform: [],
  providers: {},
};

const proofAddressSchema: ConfigSchema = {
  required: ['ENVIRONMENT', 'CALLBACK_TOKEN_PARAMETER'],
  properties: { ENVIRONMENT: {}, CALLBACK_TOKEN_PARAMETER: {}, LOG_LEVEL: {} },
};

describe('loading', () => {
  it('names the file that does not parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-bad-'));
    try {
      writeFileSync(join(dir, 'broken.tf'), 'resource "aws_sqs_queue" "this" {\n  name = \n');
      await expect(loadModule(dir)).rejects.toThrow(HclParseError);
      await expect(loadModule(dir)).rejects.toThrow(/broken\.tf does not parse/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('apps and functions', () => {
  it('reports a function without an app and an app without a function', async () => {
    const violations = checkAppsMatchFunctions(['proof-address'], [await load('apps-mismatch')]);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/deploys app "ghost", which has no directory under apps\//);
    expect(violations[1]).toMatch(/apps\/proof-address has no function/);
  });

  it('reports an app deployed twice', async () => {
    const composition = await load('function-env');
    expect(checkAppsMatchFunctions(['proof-address'], [composition]).join('\n')).toMatch(
      /deploys app "proof-address" again/,
    );
  });

  it('reports missing required, unknown and overridden variables and a literal git_ref', async () => {
    const composition = await load('function-env');
    const call = functionCalls(composition).find((c) => c.name === 'proof_address');
    expect(call).toBeDefined();
    const violations = checkFunctionMatchesSchema(composition, call!, proofAddressSchema);
    expect(violations.join('\n')).toMatch(/must pass git_ref = var.git_ref/);
    expect(violations.join('\n')).toMatch(
      /sets VENDOR_PASSWORD, which the app's configSchema does not declare/,
    );
    expect(violations.join('\n')).toMatch(
      /sets LOG_LEVEL, which the function module sets for every function/,
    );
    expect(violations.join('\n')).toMatch(/does not set CALLBACK_TOKEN_PARAMETER/);
    expect(violations).toHaveLength(4);
  });

  it('checks each function of a for_each call over a local map as its own call', async () => {
    const composition = await load('function-for-each');
    const calls = functionCalls(composition);
    expect(calls.map((call) => [call.name, call.body.app])).toEqual([
      ['functions["proof-address"]', 'proof-address'],
      ['functions["proof-resolution"]', 'proof-resolution'],
    ]);
    const violations = calls.flatMap((call) =>
      checkFunctionMatchesSchema(composition, call, proofAddressSchema),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /module "functions\["proof-address"\]" \(app proof-address\) sets VENDOR_PASSWORD, which the app's configSchema does not declare/,
      ),
      expect.stringMatching(
        /module "functions\["proof-address"\]" \(app proof-address\) does not set CALLBACK_TOKEN_PARAMETER/,
      ),
    ]);
  });

  it('reports a secret variable the app does not declare', () => {
    const call = {
      name: 'proof_address',
      file: 'main.tf',
      sourceDir: terraformPath('modules', 'function'),
      body: {
        app: 'proof-address',
        git_ref: '${var.git_ref}',
        environment: { ENVIRONMENT: 'sandbox', CALLBACK_TOKEN_PARAMETER: '/sandbox/token' },
        secrets: { VENDOR_PASSWORD_SECRET: '${local.vendor_secret.address}' },
      },
    };
    expect(checkFunctionMatchesSchema(fakeComposition, call, proofAddressSchema)).toEqual([
      expect.stringMatching(/sets VENDOR_PASSWORD_SECRET, which the app's configSchema does not declare/),
    ]);
  });

  it('counts a required variable set by a secret written as an object, never by one that may be null', () => {
    const call = (secret: unknown) => ({
      name: 'proof_address',
      file: 'main.tf',
      sourceDir: terraformPath('modules', 'function'),
      body: {
        app: 'proof-address',
        git_ref: '${var.git_ref}',
        environment: { ENVIRONMENT: 'sandbox' },
        secrets: { CALLBACK_TOKEN_PARAMETER: secret },
      },
    });
    const always = { name: '${var.s.name}', arn: '${var.s.arn}', kms_key_arn: '${var.key}' };
    expect(checkFunctionMatchesSchema(fakeComposition, call(always), proofAddressSchema)).toEqual([]);
    expect(checkFunctionMatchesSchema(fakeComposition, call('${local.maybe}'), proofAddressSchema)).toEqual([
      expect.stringMatching(/does not set CALLBACK_TOKEN_PARAMETER/),
    ]);
  });

  it('asks for a callback_allowed_hosts validation only of a composition whose functions call back', () => {
    const withCall = (environment: Record<string, string>): TfModule => ({
      ...fakeComposition,
      modules: [
        {
          name: 'fn',
          file: 'main.tf',
          sourceDir: terraformPath('modules', 'function'),
          body: { app: 'proof-address', environment },
        },
      ],
    });
    expect(checkCallbackHostsValidation(withCall({ ENVIRONMENT: 'sandbox' }), {})).toEqual([]);
    expect(
      checkCallbackHostsValidation(
        withCall({ CALLBACK_ALLOWED_HOSTS: '${local.callback_allowed_hosts}' }),
        {},
      ),
    ).toEqual([expect.stringMatching(/variable "callback_allowed_hosts" has no validation/)]);
  });

  it('reports an environment that is an expression rather than a literal object', async () => {
    const composition = await load('function-env');
    const call = functionCalls(composition).find((c) => c.name === 'opaque');
    expect(checkFunctionMatchesSchema(composition, call!, proofAddressSchema)).toEqual([
      expect.stringMatching(/environment must be a literal \{ NAME = value \} object/),
    ]);
  });

  it('reports a function module with the wrong handler, runtime, key and no artifact guard', async () => {
    const text = checkFunctionModule(await load('function-module-bad')).join('\n');
    expect(text).toMatch(/handler must be "handler.handler"/);
    expect(text).toMatch(/runtime must be "nodejs22.x"/);
    expect(text).toMatch(/publish = true/);
    expect(text).toMatch(/s3_key from local.artifact_key/);
    expect(text).toMatch(/source_code_hash must come from the body of a data "aws_s3_object"/);
    expect(text).toMatch(
      /local.runtime_environment must set exactly LOG_LEVEL, NODE_OPTIONS, POWERTOOLS_SERVICE_NAME/,
    );
    expect(text).toMatch(/aws_lambda_alias named "live"/);
  });

  it('reports a function without an unconditional errors alarm', async () => {
    expect(checkFunctionsHaveAlarms(await load('function-no-alarm'))).toEqual([
      expect.stringMatching(/aws_lambda_function.this has no unconditional Errors alarm/),
    ]);
  });
});

describe('vendor secrets', () => {
  it('reports every way a function could get a secret its vendor does not need, or miss the one it does', async () => {
    const violations = checkVendorSecrets(await load('vendor-secrets-bad'));
    // Module calls come in name order; proof_document keeps the rule and is not reported.
    expect(violations).toEqual([
      expect.stringMatching(
        /module "proof_address" sets ADDRESS_VENDOR_SECRET in environment, so even a mock address step would get it/,
      ),
      expect.stringMatching(
        /module "proof_address" runs the address step \(ADDRESS_VENDOR\) and must get secrets = \{ ADDRESS_VENDOR_SECRET = local.vendor_secret.address \}/,
      ),
      expect.stringMatching(
        /module "proof_resolution" runs the resolution step \(RESOLUTION_VENDOR\) and must get secrets = \{ RESOLUTION_VENDOR_SECRET = local.vendor_secret.resolution \}/,
      ),
      expect.stringMatching(
        /module "proof_resolution" runs the state_id step \(STATE_ID_VENDOR\) and must get secrets = \{ STATE_ID_VENDOR_SECRET = local.vendor_secret.state_id \}/,
      ),
      expect.stringMatching(
        /module "proof_resolution" gets RESOLUTION_VENDOR_SECRET = "\$\{var.vendor_secrets.lexisnexis\}", which is not local.vendor_secret.<step>/,
      ),
      expect.stringMatching(
        /module "proof_resolution" gets the secret of the address step as STATE_ID_VENDOR_SECRET, but does not run that step under that name/,
      ),
      expect.stringMatching(/locals grants secretsmanager:GetSecretValue directly/),
      expect.stringMatching(
        /local.vendor_secret must be \{ for step, vendor in var.vendors : step => vendor == "mock" \? null/,
      ),
    ]);
  });

  it("passes the proofing composition and fails it once a job reads another step's secret", async () => {
    const composition = await loadModule(terraformPath('services', 'proofing'));
    expect(checkVendorSecrets(composition)).toEqual([]);
    const address = functionCalls(composition).find((call) => call.name === 'functions["proof-address"]')!;
    address.body.secrets = { ADDRESS_VENDOR_SECRET: '${local.vendor_secret.state_id}' };
    expect(checkVendorSecrets(composition)).toEqual([
      expect.stringMatching(/module "functions\["proof-address"\]" runs the address step/),
      expect.stringMatching(
        /module "functions\["proof-address"\]" gets the secret of the state_id step as ADDRESS_VENDOR_SECRET/,
      ),
    ]);
  });

  it('reports a function module that sets null secrets, grants any secret and the key for anything', async () => {
    const text = checkFunctionModuleSecrets(await load('function-module-secrets-bad')).join('\n');
    expect(text).toMatch(/local.secrets must be var.secrets without its null entries/);
    expect(text).toMatch(/local.secret_environment must map each of local.secrets to its name/);
    expect(text).toMatch(/must merge local.secret_environment into its environment/);
    expect(text).toMatch(/secretsmanager:GetSecretValue on exactly statement.value.arn/);
    expect(text).toMatch(/kms:Decrypt on statement.value.kms_key_arn only via Secrets Manager/);
    // It also drops a retained release's grants when the current release stops reading a secret.
    expect(text).toMatch(/local.granted_secrets must be merge\(local.retained_secrets, local.secrets\)/);
    expect(text).toMatch(/local.retained_secrets must read var.retained_release_secrets/);
    expect(text).toMatch(/must output release_secrets/);
  });

  it('reports a secret version whose value an apply would reset or that Secrets Manager would delete', async () => {
    expect(checkSecretVersionsKeepValue(await load('secret-version-reset'))).toEqual([
      expect.stringMatching(
        /aws_secretsmanager_secret_version.reset needs lifecycle \{ ignore_changes = \[version_stages\] \}/,
      ),
      expect.stringMatching(/aws_secretsmanager_secret_version.reset needs a label of its own/),
      expect.stringMatching(/aws_secretsmanager_secret_version.unlabelled needs a label of its own/),
    ]);
  });

  it('reports settings that switch a step to a vendor whose secret the data root does not hold', async () => {
    expect(checkVendorSecretsPrepared(await load('settings-vendor-unprepared'))).toEqual([
      expect.stringMatching(
        /local.compute.proofing_vendors.resolution = "lexisnexis", but "lexisnexis" is not in local.proofing_vendor_secrets/,
      ),
    ]);
  });

  it('reports a vendors validation that lets prod run a mock', async () => {
    expect(checkProdRunsNoMock(await load('prod-mock-allowed'))).toEqual([
      expect.stringMatching(
        /variable "vendors" needs a validation var.environment != "prod" \|\| alltrue\(\[for step, vendor in var.vendors : vendor != "mock"\]\)/,
      ),
    ]);
  });

  it('reports prod settings that leave a step on the mock, and only in prod', async () => {
    const settings = await load('settings-prod-mock');
    expect(checkProdSettingsChooseRealVendors(settings)).toEqual([
      expect.stringMatching(/local.compute.proofing_vendors.document = "mock", but prod never runs a mock/),
    ]);
    expect(
      checkProdSettingsChooseRealVendors({
        ...settings,
        locals: { ...settings.locals, environment: 'beta' },
      }),
    ).toEqual([]);
  });

  it("reports a vendors validation that drifted from the apps' enums, or is missing", async () => {
    const schemas: Record<string, ConfigSchema> = {
      'proof-address': { properties: { ADDRESS_VENDOR: { enum: ['mock', 'lexisnexis'] } } },
      'proof-resolution': {
        properties: { STATE_ID_VENDOR: { enum: ['mock', 'aamva'] }, RESOLUTION_VENDOR: { enum: ['mock'] } },
      },
    };
    expect(checkVendorValidation(await load('vendor-secrets-bad'), schemas)).toEqual([
      expect.stringMatching(
        /variable "vendors" accepts acme, lexisnexis, mock for address, but proof-address's ADDRESS_VENDOR accepts lexisnexis, mock/,
      ),
      expect.stringMatching(
        /variable "vendors" has no validation contains\(\[...\], var.vendors.resolution\)/,
      ),
      expect.stringMatching(/variable "vendors" has no validation contains\(\[...\], var.vendors.state_id\)/),
    ]);
  });
});

describe('event sources, failure paths and invokers', () => {
  it('reports an event source mapping without partial batch responses, and only that one', async () => {
    expect(checkEventSourceMappingsReportFailures(await load('event-source-no-partial'))).toEqual([
      expect.stringMatching(
        /aws_lambda_event_source_mapping.whole_batch needs function_response_types = \["ReportBatchItemFailures"\]/,
      ),
    ]);
  });

  it("reports a queue whose visibility timeout is under 6x its consumer's timeout, defaults included", async () => {
    const violations = checkQueueVisibilityCoversConsumers(await load('queue-visibility-short'), {
      functionTimeoutSeconds: 30,
      queueVisibilitySeconds: 180,
    });
    expect(violations).toEqual([
      expect.stringMatching(
        /module "short" visibility_timeout_seconds = 60 is less than 6 x the 30 s timeout of its consumer module "fast_consumer" \(at least 180\)/,
      ),
      expect.stringMatching(
        /module "default" visibility_timeout_seconds = 180 is less than 6 x the 60 s timeout of its consumer module "slow_consumer" \(at least 360\)/,
      ),
      expect.stringMatching(
        /module "stray_consumer" consumes "\$\{var.queue_arn\}", which is not the arn of a queue module/,
      ),
    ]);
  });

  it('reads the defaults it falls back on from the modules themselves', async () => {
    const fn = await loadModule(terraformPath('modules', 'function'));
    const queue = await loadModule(terraformPath('modules', 'queue'));
    expect(numericDefault(fn, 'timeout_seconds')).toBe(30);
    expect(numericDefault(queue, 'visibility_timeout_seconds')).toBe(180);
    expect(() => numericDefault(fn, 'name')).toThrow(/variable "name" has no numeric default/);
  });

  it('reports async jobs whose failures nobody reports, and outside invokers on the wrong functions', async () => {
    const violations = checkAsyncFailuresAndInvokers(await load('async-failures'));
    // Module calls come in name order; "reported" fails into the queue "reporter" consumes and passes.
    expect(violations).toEqual([
      expect.stringMatching(/module "exposed" lets release_invoker_arns invoke it, but is not an async job/),
      expect.stringMatching(
        /module "lost" fails into module "unread", which no function of this composition consumes/,
      ),
      expect.stringMatching(/module "reporter" lets release_invoker_arns invoke it, but is not an async job/),
      expect.stringMatching(/module "reporter" is fed by an event source and must not be invokable/),
      expect.stringMatching(/module "silent" is an async job without an on_failure_queue_arn/),
    ]);
  });
});

describe('queues, buckets, tables, parameters', () => {
  it('reports a queue without a DLQ', async () => {
    expect(checkQueuesHaveDlq(await load('queue-no-dlq'))).toEqual([
      expect.stringMatching(/aws_sqs_queue.this has no DLQ/),
    ]);
  });

  it('reports partial public access blocks, non-KMS encryption and a policy without the TLS deny', async () => {
    const violations = checkBucketsSecured(await load('bucket-insecure'));
    const text = violations.join('\n');
    expect(text).toMatch(
      /aws_s3_bucket.this needs an aws_s3_bucket_public_access_block with all four flags true/,
    );
    expect(text).toMatch(/aws_s3_bucket.this needs server-side encryption with aws:kms/);
    expect(text).toMatch(
      /aws_s3_bucket.this needs a bucket policy that denies requests with aws:SecureTransport = false/,
    );
    expect(violations.filter((v) => v.includes('aws_s3_bucket.bare'))).toHaveLength(3);
  });

  it('reports a table without point-in-time recovery or encryption', async () => {
    const text = checkTablesProtected(await load('table-unprotected')).join('\n');
    expect(text).toMatch(/needs point_in_time_recovery \{ enabled = true \}/);
    expect(text).toMatch(/needs server_side_encryption/);
  });

  it('reports destroyable data', async () => {
    const module = await load('data-destroyable');
    const violations = checkDataPreventDestroy(module);
    expect(violations).toHaveLength(2);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /aws_ssm_parameter.this holds data and needs lifecycle \{ prevent_destroy = true \}/,
        ),
        expect.stringMatching(/aws_kms_key.this holds data/),
      ]),
    );
  });

  it('reports every way a secret value would reach state or a plan file', async () => {
    const module = await load('secret-in-state');
    const violations = checkNoSecretInState(module);
    expect(violations).toHaveLength(8);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /aws_ssm_parameter.stored puts its value in state through value: use the write-only value_wo/,
        ),
        expect.stringMatching(/aws_ssm_parameter.unversioned sets value_wo without value_wo_version/),
        expect.stringMatching(
          /aws_ssm_parameter.unversioned needs lifecycle \{ ignore_changes = \[value_wo_version\] \}/,
        ),
        expect.stringMatching(
          /aws_secretsmanager_secret_version.stored puts its value in state through secret_string: use the write-only secret_string_wo/,
        ),
        expect.stringMatching(/random_password.generated generates a secret value/),
        expect.stringMatching(/data.aws_secretsmanager_secret_version.read reads a secret value into state/),
        expect.stringMatching(/data.aws_ssm_parameter.read reads a secret value into state/),
        expect.stringMatching(/variable "vendor_password" passes a secret value/),
      ]),
    );
    // The String parameter, the write-only version, the ciphertext read and the ephemeral variable pass.
    expect(violations.join('\n')).not.toMatch(/plain|write_only|ciphertext|bootstrap_token/);
  });
});

describe('IAM', () => {
  it('reports wildcard actions in documents, caller statements and jsonencode, but not in a Deny', async () => {
    const violations = checkNoWildcardActions(await load('iam-wildcard'));
    const text = violations.join('\n');
    expect(text).toMatch(/data.aws_iam_policy_document.this allows wildcard action s3:Get\*/);
    expect(text).toMatch(/data.aws_iam_policy_document.this allows not_actions/);
    expect(text).toMatch(/module "fn" allows wildcard action \*/);
    expect(text).toMatch(/aws_iam_role_policy.inline jsonencode\(\)s a wildcard Action \["sqs:\*"\]/);
    expect(text).not.toMatch(/s3:\*/);
    expect(violations).toHaveLength(4);
  });

  it('reports a "*" resource without a comment, and only that one', async () => {
    expect(checkWildcardResourcesExplained(await load('wildcard-resource-uncommented'))).toEqual([
      expect.stringMatching(/main.tf:5: "\*" resource without a comment/),
    ]);
  });
});

describe('module and composition shape', () => {
  it('reports untyped or undescribed variables and undescribed outputs', async () => {
    const module = await load('undocumented');
    const violations = checkVariablesDocumented(module);
    expect(violations).toHaveLength(2);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/variable "untyped" needs a type/),
        expect.stringMatching(/variable "silent" needs a type and a description/),
      ]),
    );
    expect(checkOutputsDocumented(module)).toEqual([
      expect.stringMatching(/output "unexplained" needs a description/),
    ]);
  });

  it('reports missing module files and a main resource not named "this"', async () => {
    const dir = fixture('module-layout');
    const text = checkModuleLayout(await loadModule(dir), readdirSync(dir)).join('\n');
    for (const file of ['variables.tf', 'outputs.tf', 'versions.tf', 'README.md'])
      expect(text).toContain(`missing ${file}`);
    expect(text).toMatch(/main resource must be named "this"/);
  });

  it('reports an unpinned provider and a missing versions.tf', async () => {
    expect(checkProviderPinned(await load('provider-unpinned'))).toEqual([
      expect.stringMatching(/must require hashicorp\/aws "~> 6.0"/),
      expect.stringMatching(/must set required_version/),
    ]);
    expect(checkProviderPinned(await load('queue-no-dlq'))).toEqual([
      expect.stringMatching(/missing versions.tf/),
    ]);
  });

  it('reports a root module that accepts a range of AWS provider versions instead of one', async () => {
    expect(checkProviderPinned(await load('root-provider-range'))).toEqual([
      `terraform/tests/fixtures/root-provider-range/versions.tf: must require hashicorp/aws "${AWS_PROVIDER_VERSION}" (a root module pins one exact version)`,
    ]);
  });

  it('reports a git_ref that would let an all-digit release alias through, or refuses it without saying what to do', async () => {
    const module = await load('git-ref-unvalidated');
    expect(checkGitRefValidated(module)).toEqual([
      expect.stringMatching(
        /variable "git_ref" refuses a SHA whose first 10 characters are all digits without saying make another commit/,
      ),
      expect.stringMatching(/variable "git_ref" refuses an all-digit SHA without saying make another commit/),
    ]);
    const unvalidated: TfModule = { ...module, variables: { git_ref: { type: '${string}' } } };
    const refs = checkGitRefValidated(unvalidated).join('\n');
    for (const what of [
      'first 10 characters are all digits',
      'a short SHA',
      'an uppercase SHA',
      'a -dirty ref',
      'a branch name',
    ])
      expect(refs).toContain(what);
    const unreadable: TfModule = {
      ...module,
      variables: {
        git_ref: { validation: [{ condition: '${length(var.git_ref) == 40}', error_message: 'x' }] },
      },
    };
    expect(checkGitRefValidated(unreadable)).toEqual([
      expect.stringMatching(/each validation must be \[!\]can\(regex/),
    ]);
  });

  it('reports for_each after other arguments and arguments after tags', async () => {
    expect(checkBlockOrder(await load('block-order'))).toEqual([
      expect.stringMatching(/main.tf:1: resource aws_sqs_queue this must start with for_each/),
      expect.stringMatching(/main.tf:6: resource aws_sqs_queue early_tags must end with tags/),
    ]);
  });

  it('reports resources in a composition', async () => {
    expect(checkCompositionUsesModulesOnly(await load('queue-no-dlq'))).toEqual([
      expect.stringMatching(/aws_sqs_queue.this: compositions declare modules only/),
    ]);
  });

  it('reports data in the compute layer and compute in the data layer', async () => {
    const module = await load('layer-mixed');
    expect(checkLayer(module, 'compute')).toEqual([
      expect.stringMatching(/aws_dynamodb_table.this holds data/),
      expect.stringMatching(/module "uploads" creates data/),
    ]);
    expect(checkLayer(module, 'data')).toEqual([
      expect.stringMatching(/aws_lambda_function.worker is compute/),
      expect.stringMatching(/module "jobs" is compute/),
    ]);
  });
});

describe('environments', () => {
  const real = async (): Promise<Environments> => {
    const environments: Environments = {};
    for (const env of ENVIRONMENTS) {
      environments[env] = {
        settings: await loadModule(terraformPath('environments', env, 'settings')),
        data: await loadModule(terraformPath('environments', env, 'data')),
        compute: await loadModule(terraformPath('environments', env, 'compute')),
      };
    }
    return environments;
  };

  it('reports a compute root that shares state, has no account guard or tags, and takes more than git_ref', async () => {
    const environments = await real();
    environments.test!.compute = await load('environment-compute-bad');
    const text = checkEnvironments(environments).join('\n');
    expect(text).toMatch(/backend key must be "environments\/test\/compute.tfstate"/);
    expect(text).toMatch(/backend bucket must be idp-backend-tfstate-222222222222/);
    expect(text).toMatch(/backend must set encrypt = true/);
    expect(text).toMatch(/shares its state key with terraform\/environments\/sandbox\/compute/);
    expect(text).toMatch(/needs allowed_account_ids/);
    expect(text).toMatch(/needs default_tags/);
    expect(text).toMatch(
      /must declare git_ref, with no default, and speculative_artifact_hashes \(branch plans\), nothing else/,
    );
    expect(text).toMatch(/main.tf differs from terraform\/environments\/sandbox\/compute\/main.tf/);
    expect(text).toMatch(/must output proofing_functions/);
  });

  it('reports a missing environment', async () => {
    const environments = await real();
    delete environments.beta;
    expect(checkEnvironments(environments)).toEqual([
      expect.stringMatching(/terraform\/environments\/beta needs settings\/, data\/ and compute\//),
    ]);
  });

  it('reports a setting the app does not accept', async () => {
    const schema: ConfigSchema = { properties: { ADDRESS_VENDOR: { enum: ['mock'] } } };
    expect(
      checkSettingAllowed(
        await load('settings-bad-vendor'),
        'compute.proofing_vendors.address',
        schema,
        'ADDRESS_VENDOR',
      ),
    ).toEqual([
      expect.stringMatching(
        /local.compute.proofing_vendors.address = "acme", but ADDRESS_VENDOR accepts only "mock"/,
      ),
    ]);
  });
});
