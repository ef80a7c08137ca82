/**
 * Contract checks over parsed Terraform. Each check is a small pure function that returns the
 * violations it found as messages naming the file and block ([] when the code keeps the contract).
 * Every check has a fixture under terraform/tests/fixtures that makes it fail.
 */
import { join, resolve } from 'node:path';
import {
  TERRAFORM_DIR,
  block,
  blocks,
  type Block,
  type Body,
  type ModuleCall,
  type TfModule,
} from './hcl.js';

export type Violations = string[];

/** Variables the function module gives every function on top of its config schema (see its README). */
export const RUNTIME_ENVIRONMENT = ['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'] as const;

/** The part of an app's configSchema the checks read. */
export interface ConfigSchema {
  properties: Record<string, unknown>;
  required?: readonly string[];
}

export const ENVIRONMENTS = ['sandbox', 'test', 'beta', 'prod'] as const;

/** Resource types that hold data and must survive any apply or destroy of compute. */
export const STATEFUL_TYPES = [
  'aws_dynamodb_table',
  'aws_s3_bucket',
  'aws_ssm_parameter',
  'aws_kms_key',
  'aws_secretsmanager_secret',
] as const;

const MODULES_DIR = join(TERRAFORM_DIR, 'modules');
const moduleDir = (name: string): string => join(MODULES_DIR, name);

const where = (module: TfModule, item: { file: string }, what: string): string =>
  `${module.path}/${item.file}: ${what}`;

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter(isString) : []);

/** Calls of terraform/modules/function in a module. */
export function functionCalls(module: TfModule): ModuleCall[] {
  return module.modules.filter((call) => call.sourceDir === moduleDir('function'));
}

const appOf = (call: ModuleCall): string | undefined => (isString(call.body.app) ? call.body.app : undefined);

// ---------------------------------------------------------------------------------------------
// Apps and functions

/** Every app under apps/ has exactly one function in the compositions, and every function an app. */
export function checkAppsMatchFunctions(
  apps: readonly string[],
  compositions: readonly TfModule[],
): Violations {
  const violations: Violations = [];
  const seen = new Map<string, string>();
  for (const composition of compositions) {
    for (const call of functionCalls(composition)) {
      const app = appOf(call);
      const at = where(composition, call, `module "${call.name}"`);
      if (app === undefined) {
        violations.push(`${at} must set app to a literal app name`);
        continue;
      }
      if (!apps.includes(app))
        violations.push(`${at} deploys app "${app}", which has no directory under apps/`);
      const previous = seen.get(app);
      if (previous !== undefined)
        violations.push(`${at} deploys app "${app}" again (already in ${previous})`);
      seen.set(app, at);
    }
  }
  for (const app of apps) {
    if (!seen.has(app))
      violations.push(
        `apps/${app} has no function in terraform/services/*/ (module of modules/function with app = "${app}")`,
      );
  }
  return violations;
}

/**
 * A function call's environment names exactly what its app's configSchema reads: every required
 * variable present (the module's runtime variables count), no variable the schema does not know, and
 * the environment's git_ref passed through.
 */
export function checkFunctionMatchesSchema(
  composition: TfModule,
  call: ModuleCall,
  schema: ConfigSchema,
  runtime: readonly string[] = RUNTIME_ENVIRONMENT,
): Violations {
  const at = where(composition, call, `module "${call.name}" (app ${appOf(call) ?? '?'})`);
  const violations: Violations = [];
  if (call.body.git_ref !== '${var.git_ref}') violations.push(`${at} must pass git_ref = var.git_ref`);
  const environment = call.body.environment;
  if (typeof environment !== 'object' || environment === null || Array.isArray(environment)) {
    return [
      ...violations,
      `${at} environment must be a literal { NAME = value } object so it can be checked`,
    ];
  }
  const names = Object.keys(environment);
  const known = Object.keys(schema.properties);
  const secrets = call.body.secrets;
  if (secrets !== undefined && !isRecord(secrets)) {
    violations.push(`${at} secrets must be a literal { NAME = secret } object so it can be checked`);
  }
  // A secret's variable is set only when the secret is (see checkVendorSecrets), so it does not count as required...
  const secretNames = isRecord(secrets) ? Object.keys(secrets) : [];
  for (const name of [...names, ...secretNames]) {
    if (!known.includes(name))
      violations.push(`${at} sets ${name}, which the app's configSchema does not declare`);
    if (runtime.includes(name))
      violations.push(`${at} sets ${name}, which the function module sets for every function`);
  }
  // ...unless modules/function always sets it: an entry written as an object (the secret's name), or one passed
  // straight from a variable (set in every environment).
  const alwaysSet = isRecord(secrets)
    ? Object.entries(secrets)
        .filter(([, value]) => isRecord(value) || /^\$\{var\.[a-z0-9_]+\}$/.test(String(value)))
        .map(([name]) => name)
    : [];
  for (const name of schema.required ?? []) {
    if (!names.includes(name) && !alwaysSet.includes(name) && !runtime.includes(name))
      violations.push(`${at} does not set ${name}, which the app's configSchema requires`);
  }
  return violations;
}

/** The function module deploys `<app>/<git_ref>.zip` as handler.handler on nodejs22.x, guarded at plan time. */
export function checkFunctionModule(
  module: TfModule,
  runtime: readonly string[] = RUNTIME_ENVIRONMENT,
): Violations {
  const violations: Violations = [];
  const functions = module.resources.filter((r) => r.type === 'aws_lambda_function');
  const fn = functions.find((r) => r.name === 'this');
  if (fn === undefined || functions.length !== 1) {
    return [`${module.path}: must declare exactly one aws_lambda_function, named "this"`];
  }
  const at = where(module, fn, 'aws_lambda_function.this');
  const expect = (ok: boolean, message: string): void => {
    if (!ok) violations.push(`${at} ${message}`);
  };
  const { body } = fn;
  expect(
    body.handler === 'handler.handler',
    `handler must be "handler.handler" (got ${JSON.stringify(body.handler)})`,
  );
  expect(body.runtime === 'nodejs22.x', `runtime must be "nodejs22.x" (got ${JSON.stringify(body.runtime)})`);
  expect(body.publish === true, 'must set publish = true so every release has a version');
  expect(body.s3_key === '${local.artifact_key}', 'must read s3_key from local.artifact_key');
  expect(
    module.locals.artifact_key === '${var.app}/${var.git_ref}.zip',
    'local.artifact_key must be "${var.app}/${var.git_ref}.zip"',
  );
  expect(
    module.locals.checksum_key === '${var.app}/${var.git_ref}.zip.sha256',
    'local.checksum_key must be "${var.app}/${var.git_ref}.zip.sha256"',
  );
  expect(
    module.locals.release_alias === '${substr(var.git_ref, 0, 10)}',
    'local.release_alias must be substr(var.git_ref, 0, 10)',
  );

  const hash = isString(body.source_code_hash) ? body.source_code_hash : '';
  const checksumSource = /data\.aws_s3_object\.(\w+)(?:\[0\])?\.body/.exec(hash)?.[1];
  const checksum = module.data.find((d) => d.type === 'aws_s3_object' && d.name === checksumSource);
  if (checksum === undefined) {
    violations.push(
      `${at} source_code_hash must come from the body of a data "aws_s3_object" on the .sha256`,
    );
  } else {
    expect(
      checksum.body.key === '${local.checksum_key}',
      `data.aws_s3_object.${checksum.name} must read local.checksum_key`,
    );
    const messages = blocks(block(checksum.body, 'lifecycle') ?? {}, 'precondition').map(
      (p) => p.error_message,
    );
    for (const key of ['${local.artifact_key}', '${local.checksum_key}']) {
      expect(
        messages.some((m) => isString(m) && m.includes(key)),
        `needs a precondition on data.aws_s3_object.${checksum.name} whose error_message names ${key}, so a missing artifact fails the plan`,
      );
    }
  }

  const environment = block(body, 'environment')?.variables;
  expect(
    environment === '${merge(local.runtime_environment, var.environment, local.secret_environment)}',
    'environment.variables must be merge(local.runtime_environment, var.environment, local.secret_environment)',
  );
  const runtimeNames = Object.keys((module.locals.runtime_environment as Body | undefined) ?? {}).sort();
  expect(
    JSON.stringify(runtimeNames) === JSON.stringify([...runtime].sort()),
    `local.runtime_environment must set exactly ${runtime.join(', ')} (got ${runtimeNames.join(', ') || 'nothing'})`,
  );

  const aliases = module.resources.filter((r) => r.type === 'aws_lambda_alias');
  expect(
    aliases.some((a) => a.body.name === 'live'),
    'needs an aws_lambda_alias named "live"',
  );
  expect(
    aliases.some((a) => isString(a.body.for_each) && a.body.for_each.includes('local.release_aliases')),
    'needs an aws_lambda_alias per release alias (for_each over local.release_aliases)',
  );
  return violations;
}

/** Every Lambda function has an errors alarm on it, in the same module and not behind count or for_each. */
export function checkFunctionsHaveAlarms(module: TfModule): Violations {
  const alarms = module.resources.filter(
    (r) =>
      r.type === 'aws_cloudwatch_metric_alarm' &&
      r.body.namespace === 'AWS/Lambda' &&
      r.body.metric_name === 'Errors' &&
      r.body.count === undefined &&
      r.body.for_each === undefined,
  );
  return module.resources
    .filter((r) => r.type === 'aws_lambda_function')
    .filter((fn) => {
      const ref = `aws_lambda_function.${fn.name}.`;
      return !alarms.some((alarm) => {
        const dimensions = alarm.body.dimensions as Body | undefined;
        return isString(dimensions?.FunctionName) && dimensions.FunctionName.includes(ref);
      });
    })
    .map((fn) =>
      where(
        module,
        fn,
        `aws_lambda_function.${fn.name} has no unconditional Errors alarm (aws_cloudwatch_metric_alarm with dimensions.FunctionName)`,
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// Event sources, failure paths and invokers

/**
 * Every event source mapping reports partial batch failures, so one bad record never sends its whole
 * batch back to the queue (and, after the retries, to the DLQ).
 */
export function checkEventSourceMappingsReportFailures(module: TfModule): Violations {
  return module.resources
    .filter((r) => r.type === 'aws_lambda_event_source_mapping')
    .filter((r) => !strings(r.body.function_response_types).includes('ReportBatchItemFailures'))
    .map((r) =>
      where(
        module,
        r,
        `aws_lambda_event_source_mapping.${r.name} needs function_response_types = ["ReportBatchItemFailures"]`,
      ),
    );
}

/** Defaults of the function and queue modules that the composition checks fall back on. */
export interface ModuleDefaults {
  /** modules/function's timeout_seconds default. */
  functionTimeoutSeconds: number;
  /** modules/queue's visibility_timeout_seconds default. */
  queueVisibilitySeconds: number;
}

/** Reads a module variable's numeric default, failing loudly if there is none. */
export function numericDefault(module: TfModule, variable: string): number {
  const value = module.variables[variable]?.default;
  if (typeof value !== 'number')
    throw new Error(`${module.path}: variable "${variable}" has no numeric default`);
  return value;
}

const moduleCallOfArn = (composition: TfModule, value: unknown): ModuleCall | undefined => {
  const name = isString(value) ? /^\$\{module\.(\w+)\.arn\}$/.exec(value)?.[1] : undefined;
  return composition.modules.find((m) => m.name === name);
};

/**
 * A queue consumed by a function (`sqs_event_sources`) keeps a received message invisible for at least six
 * times that function's timeout, as AWS advises for Lambda event sources: shorter, and a batch still being
 * processed (or retried by the poller) is delivered a second time.
 */
export function checkQueueVisibilityCoversConsumers(
  composition: TfModule,
  defaults: ModuleDefaults,
): Violations {
  const violations: Violations = [];
  for (const call of functionCalls(composition)) {
    const sources = call.body.sqs_event_sources;
    if (sources === undefined) continue;
    const at = where(composition, call, `module "${call.name}"`);
    if (!Array.isArray(sources)) {
      violations.push(`${at} sqs_event_sources must be a literal list so its queues can be checked`);
      continue;
    }
    const timeout = call.body.timeout_seconds ?? defaults.functionTimeoutSeconds;
    if (typeof timeout !== 'number') {
      violations.push(`${at} consumes a queue, so timeout_seconds must be a literal number`);
      continue;
    }
    for (const source of sources as Body[]) {
      const queue = moduleCallOfArn(composition, source.queue_arn);
      if (queue === undefined || queue.sourceDir !== moduleDir('queue')) {
        violations.push(
          `${at} consumes ${JSON.stringify(source.queue_arn)}, which is not the arn of a queue module in this composition`,
        );
        continue;
      }
      const visibility = queue.body.visibility_timeout_seconds ?? defaults.queueVisibilitySeconds;
      if (typeof visibility !== 'number') {
        violations.push(
          `${where(composition, queue, `module "${queue.name}"`)} has consumers, so visibility_timeout_seconds must be a literal number`,
        );
      } else if (visibility < 6 * timeout) {
        violations.push(
          `${where(composition, queue, `module "${queue.name}"`)} visibility_timeout_seconds = ${visibility} is less than 6 x the ${timeout} s timeout of its consumer module "${call.name}" (at least ${6 * timeout})`,
        );
      }
    }
  }
  return violations;
}

/**
 * Asynchronous jobs fail into a queue that a function of the same composition consumes, so a job whose
 * retries are spent is reported at once rather than leaving its caller waiting; and only such jobs may be
 * invoked by outside principals (`release_invoker_arns`): never a function fed by an event source.
 */
export function checkAsyncFailuresAndInvokers(
  composition: TfModule,
  locals: Body = composition.locals,
): Violations {
  const violations: Violations = [];
  const calls = functionCalls(composition);
  const consumed = new Set(
    calls.flatMap((call) =>
      Array.isArray(call.body.sqs_event_sources)
        ? (call.body.sqs_event_sources as Body[]).map((s) => moduleCallOfArn(composition, s.queue_arn)?.name)
        : [],
    ),
  );
  const resolveLocal = (value: unknown): unknown => {
    const name = isString(value) ? /^\$\{local\.(\w+)\}$/.exec(value)?.[1] : undefined;
    return name === undefined ? value : locals[name];
  };
  for (const call of calls) {
    const at = where(composition, call, `module "${call.name}"`);
    const async = resolveLocal(call.body.async) as Body | undefined | null;
    const invokers = call.body.release_invoker_arns;
    const hasInvokers = invokers !== undefined && !(Array.isArray(invokers) && invokers.length === 0);
    if (hasInvokers && (async === undefined || async === null)) {
      violations.push(
        `${at} lets release_invoker_arns invoke it, but is not an async job (no async settings)`,
      );
    }
    const sources = call.body.sqs_event_sources;
    const fed = sources !== undefined && !(Array.isArray(sources) && sources.length === 0);
    if (hasInvokers && fed) {
      violations.push(`${at} is fed by an event source and must not be invokable by release_invoker_arns`);
    }
    if (async === undefined || async === null) continue;
    if (typeof async !== 'object') {
      violations.push(`${at} async must be a literal object or a local holding one, so it can be checked`);
      continue;
    }
    const queue = moduleCallOfArn(composition, async.on_failure_queue_arn);
    if (queue === undefined) {
      violations.push(
        `${at} is an async job without an on_failure_queue_arn of a queue module in this composition`,
      );
    } else if (!consumed.has(queue.name)) {
      violations.push(
        `${at} fails into module "${queue.name}", which no function of this composition consumes (sqs_event_sources)`,
      );
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Queues, buckets, tables, parameters

/** Every SQS queue has a redrive policy to a DLQ, unless it is itself the DLQ of a queue in the module. */
export function checkQueuesHaveDlq(module: TfModule): Violations {
  const queues = module.resources.filter((r) => r.type === 'aws_sqs_queue');
  const redrives = queues.map((q) => (isString(q.body.redrive_policy) ? q.body.redrive_policy : ''));
  return queues
    .filter((queue, i) => {
      if (redrives[i]?.includes('deadLetterTargetArn')) return false;
      return !redrives.some((policy) => policy.includes(`aws_sqs_queue.${queue.name}.arn`));
    })
    .map((queue) =>
      where(
        module,
        queue,
        `aws_sqs_queue.${queue.name} has no DLQ (redrive_policy with deadLetterTargetArn)`,
      ),
    );
}

const refersTo = (value: unknown, resource: Block): boolean =>
  isString(value) && value.includes(`${resource.type}.${resource.name}.`);

const tlsOnlyDocument = (module: TfModule, policy: unknown): boolean => {
  const name = isString(policy) ? /data\.aws_iam_policy_document\.(\w+)/.exec(policy)?.[1] : undefined;
  const document = module.data.find((d) => d.type === 'aws_iam_policy_document' && d.name === name);
  return blocks(document?.body ?? {}, 'statement').some(
    (statement) =>
      statement.effect === 'Deny' &&
      blocks(statement, 'condition').some(
        (c) =>
          c.test === 'Bool' && c.variable === 'aws:SecureTransport' && strings(c.values).includes('false'),
      ),
  );
};

/** Every bucket blocks all public access, encrypts with KMS and denies requests without TLS. */
export function checkBucketsSecured(module: TfModule): Violations {
  const violations: Violations = [];
  const companion = (bucket: Block, type: string): Block | undefined =>
    module.resources.find((r) => r.type === type && refersTo(r.body.bucket, bucket));
  for (const bucket of module.resources.filter((r) => r.type === 'aws_s3_bucket')) {
    const at = where(module, bucket, `aws_s3_bucket.${bucket.name}`);
    const pab = companion(bucket, 'aws_s3_bucket_public_access_block');
    const flags = [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ];
    if (pab === undefined || !flags.every((flag) => pab.body[flag] === true)) {
      violations.push(`${at} needs an aws_s3_bucket_public_access_block with all four flags true`);
    }
    const sse = companion(bucket, 'aws_s3_bucket_server_side_encryption_configuration');
    const algorithm = block(
      block(sse?.body ?? {}, 'rule') ?? {},
      'apply_server_side_encryption_by_default',
    )?.sse_algorithm;
    if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') {
      violations.push(`${at} needs server-side encryption with aws:kms`);
    }
    const policy = companion(bucket, 'aws_s3_bucket_policy');
    if (policy === undefined || !tlsOnlyDocument(module, policy.body.policy)) {
      violations.push(`${at} needs a bucket policy that denies requests with aws:SecureTransport = false`);
    }
  }
  return violations;
}

/** Every DynamoDB table has point-in-time recovery and server-side encryption with a KMS key. */
export function checkTablesProtected(module: TfModule): Violations {
  const violations: Violations = [];
  for (const table of module.resources.filter((r) => r.type === 'aws_dynamodb_table')) {
    const at = where(module, table, `aws_dynamodb_table.${table.name}`);
    if (block(table.body, 'point_in_time_recovery')?.enabled !== true)
      violations.push(`${at} needs point_in_time_recovery { enabled = true }`);
    const sse = block(table.body, 'server_side_encryption');
    if (sse?.enabled !== true || sse.kms_key_arn === undefined)
      violations.push(`${at} needs server_side_encryption { enabled = true, kms_key_arn = ... }`);
  }
  return violations;
}

/** Terraform never destroys data: stateful resources carry prevent_destroy. */
export function checkDataPreventDestroy(module: TfModule): Violations {
  return module.resources
    .filter((r) => (STATEFUL_TYPES as readonly string[]).includes(r.type))
    .filter((r) => block(r.body, 'lifecycle')?.prevent_destroy !== true)
    .map((r) =>
      where(module, r, `${r.type}.${r.name} holds data and needs lifecycle { prevent_destroy = true }`),
    );
}

/** Arguments that put a secret value into state and plan files, by resource type, and the write-only argument to use instead. */
const SECRET_ARGUMENTS: Record<string, { stored: string[]; writeOnly: string }> = {
  aws_ssm_parameter: { stored: ['value', 'insecure_value'], writeOnly: 'value_wo' },
  aws_secretsmanager_secret_version: {
    stored: ['secret_string', 'secret_binary'],
    writeOnly: 'secret_string_wo',
  },
};

/** Resources whose generated attributes are secret values, always stored in state. */
const SECRET_GENERATING_RESOURCES = ['random_password', 'tls_private_key', 'aws_iam_access_key'];

/** Data sources whose result is a secret value, stored in state by every refresh. */
const SECRET_DATA_SOURCES = [
  'aws_ssm_parameter',
  'aws_ssm_parameters_by_path',
  'aws_secretsmanager_secret_version',
  'aws_secretsmanager_random_password',
  'aws_kms_secrets',
];

/**
 * No secret value is ever in Terraform state or a plan file: SSM SecureStrings and Secrets Manager
 * versions that Terraform creates are write-only (`value_wo`, `secret_string_wo`, each with its
 * `_version`), no data source reads a secret value, nothing generates one, and no variable carries one
 * (a `sensitive` variable that is not `ephemeral` lands in the plan file). A String parameter (not
 * secure) may keep its value.
 */
export function checkNoSecretInState(module: TfModule): Violations {
  const violations: Violations = [];
  for (const resource of module.resources) {
    const at = where(module, resource, `${resource.type}.${resource.name}`);
    const secret = SECRET_ARGUMENTS[resource.type];
    const plainParameter =
      resource.type === 'aws_ssm_parameter' && ['String', 'StringList'].includes(String(resource.body.type));
    if (secret !== undefined && !plainParameter) {
      for (const argument of secret.stored.filter((name) => name in resource.body)) {
        violations.push(
          `${at} puts its value in state through ${argument}: use the write-only ${secret.writeOnly} with ${secret.writeOnly}_version, or create the value outside Terraform`,
        );
      }
      if (secret.writeOnly in resource.body && !(`${secret.writeOnly}_version` in resource.body)) {
        violations.push(`${at} sets ${secret.writeOnly} without ${secret.writeOnly}_version`);
      }
      // A placeholder is written once: a new version (or the first apply over a resource created
      // before it was write-only) would write it again over the value put by hand.
      const ignored = strings(block(resource.body, 'lifecycle')?.ignore_changes);
      if (secret.writeOnly in resource.body && !ignored.includes(`\${${secret.writeOnly}_version}`)) {
        violations.push(
          `${at} needs lifecycle { ignore_changes = [${secret.writeOnly}_version] }, or an apply writes ${secret.writeOnly} again over the value put by hand`,
        );
      }
    }
    if (SECRET_GENERATING_RESOURCES.includes(resource.type)) {
      violations.push(
        `${at} generates a secret value, which Terraform stores in state: create it outside Terraform`,
      );
    }
  }
  for (const source of module.data.filter((d) => SECRET_DATA_SOURCES.includes(d.type))) {
    const encrypted = source.type === 'aws_ssm_parameter' && source.body.with_decryption === false;
    if (!encrypted) {
      violations.push(
        `${where(module, source, `data.${source.type}.${source.name}`)} reads a secret value into state: pass its name or ARN and let the function read it at run time`,
      );
    }
  }
  for (const [name, variable] of Object.entries(module.variables)) {
    if (variable.sensitive === true && variable.ephemeral !== true) {
      violations.push(
        `${module.path}: variable "${name}" passes a secret value, which lands in the plan file (and in state wherever it is used): put the value with tools/secrets and pass its name`,
      );
    }
  }
  return violations;
}

/**
 * A Secrets Manager secret's value is put by hand: the version Terraform creates ignores changes of its
 * labels (so no apply moves AWSCURRENT back) and carries a label of its own, so Secrets Manager never
 * deletes it as unlabelled and Terraform never re-creates it over the real value. Its value is
 * write-only (checkNoSecretInState), so an apply never compares or rewrites it.
 */
export function checkSecretVersionsKeepValue(module: TfModule): Violations {
  const violations: Violations = [];
  for (const version of module.resources.filter((r) => r.type === 'aws_secretsmanager_secret_version')) {
    const at = where(module, version, `aws_secretsmanager_secret_version.${version.name}`);
    const ignored = strings(block(version.body, 'lifecycle')?.ignore_changes);
    if (!ignored.includes('${version_stages}'))
      violations.push(`${at} needs lifecycle { ignore_changes = [version_stages] }`);
    if (!strings(version.body.version_stages).some((stage) => !stage.startsWith('AWS'))) {
      violations.push(
        `${at} needs a label of its own in version_stages (besides AWSCURRENT), or Secrets Manager deletes it once a real value replaced it and Terraform re-creates it`,
      );
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// git_ref: refs the IDP can pin

/** One validation of the only form git_ref validations take: `[!]can(regex("<pattern>", var.<name>))`. */
const REGEX_VALIDATION = /^\$\{(!?)can\(regex\("((?:[^"\\]|\\.)*)",\s*var\.(\w+)\)\)\}$/;

/** Whether a `validation` block accepts `value`; undefined when its condition is not a regex test. */
export function validationAccepts(validation: Body, value: string): boolean | undefined {
  const match = isString(validation.condition) ? REGEX_VALIDATION.exec(validation.condition) : null;
  if (match === null) return undefined;
  const [, negated, pattern] = match as unknown as [string, string, string];
  // HCL string escapes (\\ and \") around an RE2 pattern, which JavaScript reads the same for these.
  const matches = new RegExp(pattern.replace(/\\(["\\])/g, '$1')).test(value);
  return negated === '!' ? !matches : matches;
}

/** Refs every `git_ref` variable must refuse, and what its error message must then say. */
export const UNPINNABLE_REFS: ReadonlyArray<{ ref: string; what: string; message?: RegExp }> = [
  {
    ref: `0123456789${'abcdef'.repeat(5)}`,
    what: 'a SHA whose first 10 characters are all digits',
    message: /make another commit/i,
  },
  { ref: '1'.repeat(40), what: 'an all-digit SHA', message: /make another commit/i },
  { ref: 'abc1234', what: 'a short SHA' },
  { ref: 'A'.repeat(40), what: 'an uppercase SHA' },
  { ref: `${'a'.repeat(40)}-dirty`, what: 'a -dirty ref' },
  { ref: 'main', what: 'a branch name' },
];
const PINNABLE_REF = `012345678a${'0123456789'.repeat(3)}`;

/**
 * Every module that takes `git_ref` validates it, before anything is planned: a full lowercase SHA
 * passes, and each of UNPINNABLE_REFS is refused by a validation whose message says what to do.
 */
export function checkGitRefValidated(module: TfModule): Violations {
  const variable = module.variables.git_ref;
  if (variable === undefined) return [];
  const at = `${module.path}: variable "git_ref"`;
  const validations = blocks(variable, 'validation');
  const violations: Violations = [];
  for (const validation of validations) {
    if (validationAccepts(validation, PINNABLE_REF) === undefined)
      violations.push(
        `${at}: each validation must be [!]can(regex("...", var.git_ref)), got ${JSON.stringify(validation.condition)}`,
      );
  }
  if (violations.length > 0) return violations;
  if (!validations.every((v) => validationAccepts(v, PINNABLE_REF)))
    violations.push(`${at} refuses the pinnable SHA ${PINNABLE_REF}`);
  for (const { ref, what, message } of UNPINNABLE_REFS) {
    const refusing = validations.find((v) => validationAccepts(v, ref) === false);
    if (refusing === undefined) violations.push(`${at} accepts ${what} (${ref})`);
    else if (message !== undefined && !message.test(String(refusing.error_message)))
      violations.push(`${at} refuses ${what} without saying ${message.source}`);
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Secrets read by functions

const VENDOR_SECRET_LOCAL =
  /^\$\{\{\s*for\s+(\w+),\s*(\w+)\s+in\s+var\.vendors\s*:\s*\1\s*=>\s*\2\s*==\s*"mock"\s*\?\s*null\s*:\s*var\.vendor_secrets\[\2\]\s*\}\}$/;

/**
 * The vendor rule of a composition: a function whose step runs a real vendor gets that step's
 * `<STEP>_VENDOR_SECRET` and read access to exactly that vendor's secret, and a mock step gets neither.
 * Checked as the composition's shape, which makes it hold in every environment:
 * - each `<STEP>_VENDOR = var.vendors.<step>` comes with `secrets = { <STEP>_VENDOR_SECRET = local.vendor_secret.<step> }`
 *   (modules/function names and grants exactly its non-null secrets, checkFunctionModuleSecrets);
 * - `local.vendor_secret` maps a mock to null and a real vendor to its secret;
 * - the secret variable is never in `environment` (it would be set for the mock too), no function reads
 *   the secret of a step it does not run, and no statement grants Secrets Manager access directly.
 */
export function checkVendorSecrets(composition: TfModule): Violations {
  const violations: Violations = [];
  let usesVendors = false;
  for (const call of functionCalls(composition)) {
    const at = where(composition, call, `module "${call.name}"`);
    const environment = isRecord(call.body.environment) ? call.body.environment : {};
    const secrets = isRecord(call.body.secrets) ? call.body.secrets : {};
    const steps = new Map<string, string>();
    for (const [name, value] of Object.entries(environment)) {
      const step = isString(value) ? /^\$\{var\.vendors\.(\w+)\}$/.exec(value)?.[1] : undefined;
      if (step === undefined || !name.endsWith('_VENDOR')) continue;
      usesVendors = true;
      const variable = `${name}_SECRET`;
      steps.set(variable, step);
      if (variable in environment)
        violations.push(
          `${at} sets ${variable} in environment, so even a mock ${step} step would get it: pass it in secrets`,
        );
      if (secrets[variable] !== `\${local.vendor_secret.${step}}`)
        violations.push(
          `${at} runs the ${step} step (${name}) and must get secrets = { ${variable} = local.vendor_secret.${step} }: the secret of the vendor it uses, none for the mock`,
        );
    }
    for (const [variable, value] of Object.entries(secrets)) {
      const step = isString(value) ? /^\$\{local\.vendor_secret\.(\w+)\}$/.exec(value)?.[1] : undefined;
      if (step === undefined) {
        if (variable.endsWith('_VENDOR_SECRET'))
          violations.push(
            `${at} gets ${variable} = ${JSON.stringify(value)}, which is not local.vendor_secret.<step>: it would be read whatever the vendor`,
          );
        continue;
      }
      usesVendors = true;
      if (steps.get(variable) !== step)
        violations.push(
          `${at} gets the secret of the ${step} step as ${variable}, but does not run that step under that name`,
        );
    }
  }
  const items: { label: string; file: string; body: unknown }[] = [
    ...composition.modules.map((m) => ({ label: `module "${m.name}"`, file: m.file, body: m.body })),
    { label: 'locals', file: '*.tf', body: composition.locals },
  ];
  for (const item of items) {
    const grants = new Set<string>();
    walkStrings(item.body, (text) => {
      // Actions only (`secretsmanager:GetSecretValue`), not ARNs (`arn:aws:secretsmanager:us-west-2:…`).
      for (const match of text.matchAll(/(?<![\w:])secretsmanager:[A-Z*][A-Za-z*]*/g)) grants.add(match[0]);
    });
    if (grants.size > 0)
      violations.push(
        where(
          composition,
          item,
          `${item.label} grants ${[...grants].join(', ')} directly: a function reads a secret only through its secrets, which name it and grant exactly it`,
        ),
      );
  }
  if (usesVendors && !VENDOR_SECRET_LOCAL.test(String(composition.locals.vendor_secret))) {
    violations.push(
      `${composition.path}: local.vendor_secret must be { for step, vendor in var.vendors : step => vendor == "mock" ? null : var.vendor_secrets[vendor] }, so a mock step gets no secret and a real one its vendor's`,
    );
  }
  return violations;
}

/**
 * modules/function names each non-null secret in the function's environment and grants exactly that
 * secret: GetSecretValue on its ARN, and kms:Decrypt only through Secrets Manager for that secret ARN.
 */
export function checkFunctionModuleSecrets(module: TfModule): Violations {
  const violations: Violations = [];
  const expect = (ok: boolean, message: string): void => {
    if (!ok) violations.push(`${module.path}: ${message}`);
  };
  expect(
    /^\$\{\{\s*for\s+(\w+),\s*(\w+)\s+in\s+var\.secrets\s*:\s*\1\s*=>\s*\2\s+if\s+\2\s*!=\s*null\s*\}\}$/.test(
      String(module.locals.secrets),
    ),
    'local.secrets must be var.secrets without its null entries',
  );
  expect(
    /^\$\{\{\s*for\s+(\w+),\s*(\w+)\s+in\s+local\.secrets\s*:\s*\1\s*=>\s*\2\.name\s*\}\}$/.test(
      String(module.locals.secret_environment),
    ),
    'local.secret_environment must map each of local.secrets to its name',
  );
  const fn = module.resources.find((r) => r.type === 'aws_lambda_function' && r.name === 'this');
  expect(
    isString(block(fn?.body ?? {}, 'environment')?.variables) &&
      String(block(fn?.body ?? {}, 'environment')?.variables).includes('local.secret_environment'),
    'aws_lambda_function.this must merge local.secret_environment into its environment',
  );
  // A retained release keeps its environment variables, not its role's policy: the grants cover the
  // current secrets and those of every retained release, and only while it is retained.
  expect(
    /^\$\{merge\(local\.retained_secrets,\s*local\.secrets\)\}$/.test(String(module.locals.granted_secrets)),
    'local.granted_secrets must be merge(local.retained_secrets, local.secrets)',
  );
  const retained = String(module.locals.retained_secrets);
  expect(
    retained.includes('var.retained_release_secrets') && retained.includes('keys(var.retained_releases)'),
    'local.retained_secrets must read var.retained_release_secrets for the aliases in var.retained_releases only',
  );
  expect(
    module.outputs.release_secrets !== undefined,
    'must output release_secrets, which the next apply passes back as retained_release_secrets',
  );
  const policy = module.data.find((d) => d.type === 'aws_iam_policy_document' && d.name === 'this');
  // hcl2json gives `dynamic "statement"` blocks as { dynamic: { statement: [...] } }.
  const dynamic = policy?.body.dynamic;
  const perSecret = blocks(isRecord(dynamic) ? dynamic : {}, 'statement')
    .filter((d) => d.for_each === '${local.granted_secrets}')
    .map((d) => block(d, 'content') ?? {});
  const same = (value: unknown, expected: string[]): boolean =>
    JSON.stringify(strings(value)) === JSON.stringify(expected) &&
    Array.isArray(value) &&
    value.length === expected.length;
  expect(
    perSecret.some(
      (s) =>
        same(s.actions, ['secretsmanager:GetSecretValue']) &&
        same(s.resources, ['${statement.value.arn}']) &&
        blocks(s, 'condition').length === 0,
    ),
    'data.aws_iam_policy_document.this needs a statement per local.granted_secrets allowing secretsmanager:GetSecretValue on exactly statement.value.arn',
  );
  expect(
    perSecret.some((s) => {
      const conditions = blocks(s, 'condition');
      return (
        same(s.actions, ['kms:Decrypt']) &&
        same(s.resources, ['${statement.value.kms_key_arn}']) &&
        conditions.some(
          (c) =>
            c.test === 'StringEquals' &&
            c.variable === 'kms:EncryptionContext:SecretARN' &&
            same(c.values, ['${statement.value.arn}']),
        ) &&
        conditions.some(
          (c) =>
            c.test === 'StringEquals' &&
            c.variable === 'kms:ViaService' &&
            strings(c.values).every((v) => v.startsWith('secretsmanager.')),
        )
      );
    }),
    'data.aws_iam_policy_document.this needs a statement per local.granted_secrets allowing kms:Decrypt on statement.value.kms_key_arn only via Secrets Manager and only for kms:EncryptionContext:SecretARN = statement.value.arn',
  );
  const other = perSecret.filter(
    (s) => !same(s.actions, ['secretsmanager:GetSecretValue']) && !same(s.actions, ['kms:Decrypt']),
  );
  expect(other.length === 0, 'the statements per secret may allow only GetSecretValue and kms:Decrypt');
  return violations;
}

// ---------------------------------------------------------------------------------------------
// IAM

const walk = (value: unknown, visit: (object: Body) => void): void => {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Body);
    Object.values(value).forEach((item) => walk(item, visit));
  }
};

const walkStrings = (value: unknown, visit: (text: string) => void): void => {
  if (isString(value)) visit(value);
  else if (Array.isArray(value)) value.forEach((item) => walkStrings(item, visit));
  else if (isRecord(value)) Object.values(value).forEach((item) => walkStrings(item, visit));
};

/**
 * No Allow statement grants a wildcard action (`*`, `s3:*`, `s3:Get*`) or uses not_actions, in policy
 * documents, caller-passed statements or jsonencode()d policies. A Deny may use a wildcard: it only
 * narrows (the TLS-only statements deny `s3:*` without TLS).
 */
export function checkNoWildcardActions(module: TfModule): Violations {
  const violations: Violations = [];
  const items: { label: string; file: string; body: unknown }[] = [
    ...module.resources.map((r) => ({ label: `${r.type}.${r.name}`, file: r.file, body: r.body })),
    ...module.data.map((d) => ({ label: `data.${d.type}.${d.name}`, file: d.file, body: d.body })),
    ...module.modules.map((m) => ({ label: `module "${m.name}"`, file: m.file, body: m.body })),
    { label: 'locals', file: '*.tf', body: module.locals },
  ];
  for (const item of items) {
    walk(item.body, (object) => {
      if (object.effect === 'Deny') return;
      const wild = strings(object.actions).filter((action) => action.includes('*'));
      if (wild.length > 0)
        violations.push(where(module, item, `${item.label} allows wildcard action ${wild.join(', ')}`));
      if (object.not_actions !== undefined)
        violations.push(where(module, item, `${item.label} allows not_actions`));
    });
    walk(item.body, (object) => {
      for (const value of Object.values(object)) {
        if (!isString(value) || !value.includes('jsonencode')) continue;
        for (const match of value.matchAll(/\bAction\s*=\s*(\[[^\]]*\]|"[^"]*")/g)) {
          if (match[1]?.includes('*'))
            violations.push(where(module, item, `${item.label} jsonencode()s a wildcard Action ${match[1]}`));
        }
      }
    });
  }
  return violations;
}

/** A `"*"` resource is only allowed with a comment (on the line or just above) saying why AWS needs it. */
export function checkWildcardResourcesExplained(module: TfModule): Violations {
  const violations: Violations = [];
  for (const [file, text] of Object.entries(module.files)) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!/^\s*(resources\s*=\s*\[\s*"\*"\s*\]|Resource\s*=\s*"\*")/.test(line)) return;
      const context = [line, lines[i - 1] ?? '', lines[i - 2] ?? ''];
      if (!context.some((l) => /#|\/\//.test(l))) {
        violations.push(
          `${module.path}/${file}:${i + 1}: "*" resource without a comment saying why nothing narrower works`,
        );
      }
    });
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Module and composition shape

/** Every variable has a type and a description. */
export function checkVariablesDocumented(module: TfModule): Violations {
  return Object.entries(module.variables)
    .filter(
      ([, body]) => body.type === undefined || !isString(body.description) || body.description.trim() === '',
    )
    .map(([name]) => `${module.path}: variable "${name}" needs a type and a description`);
}

/** Every output has a description. */
export function checkOutputsDocumented(module: TfModule): Violations {
  return Object.entries(module.outputs)
    .filter(([, body]) => !isString(body.description) || body.description.trim() === '')
    .map(([name]) => `${module.path}: output "${name}" needs a description`);
}

/** A reusable module has main/variables/outputs/versions .tf, a README, and a main resource named "this". */
export function checkModuleLayout(module: TfModule, filesInDir: readonly string[]): Violations {
  const violations: Violations = [];
  for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
    if (!filesInDir.includes(file)) violations.push(`${module.path}: missing ${file}`);
  }
  // A module that only composes a document (a key policy) has a data source as its main block.
  if (![...module.resources, ...module.data].some((r) => r.name === 'this'))
    violations.push(`${module.path}: its main resource must be named "this"`);
  return violations;
}

/** The one AWS provider version every root module uses, so two plans of one commit use the same provider. */
export const AWS_PROVIDER_VERSION = '6.53.0';

/** A root module: it declares where its state lives. */
const isRoot = (module: TfModule): boolean => module.terraform.some((t) => t.backend !== undefined);

/**
 * The AWS provider is pinned wherever a module declares its requirements: to exactly
 * AWS_PROVIDER_VERSION in a root module (no lock file can be produced without the registry, so the
 * exact pin is what fixes the provider), to the major version elsewhere.
 */
export function checkProviderPinned(
  module: TfModule,
  pin = '~> 6.0',
  rootPin = AWS_PROVIDER_VERSION,
): Violations {
  const usesAws =
    module.resources.length + module.data.length + module.modules.length > 0 ||
    module.providers.aws !== undefined;
  if (!usesAws) return [];
  if (module.files['versions.tf'] === undefined) return [`${module.path}: missing versions.tf`];
  const violations: Violations = [];
  const expected = isRoot(module) ? rootPin : pin;
  const requirements = module.terraform.flatMap((t) => blocks(t, 'required_providers'));
  const aws = requirements.map((r) => r.aws as Body | undefined).find((a) => a !== undefined);
  if (aws?.source !== 'hashicorp/aws' || aws.version !== expected)
    violations.push(
      `${module.path}/versions.tf: must require hashicorp/aws "${expected}"${isRoot(module) ? ' (a root module pins one exact version)' : ''}`,
    );
  if (!module.terraform.some((t) => isString(t.required_version)))
    violations.push(`${module.path}/versions.tf: must set required_version`);
  return violations;
}

const META_AFTER_TAGS = ['depends_on', 'lifecycle', 'provider', 'providers'];

/** Inside a resource, data or module block, for_each/count comes first and tags last (before meta-arguments). */
export function checkBlockOrder(module: TfModule): Violations {
  const violations: Violations = [];
  for (const [file, text] of Object.entries(module.files)) {
    const lines = text.split('\n');
    let header: { label: string; line: number } | undefined;
    let children: { name: string; line: number }[] = [];
    const finish = (): void => {
      if (header === undefined) return;
      const names = children.map((c) => c.name);
      const loop = names.findIndex((n) => n === 'for_each' || n === 'count');
      if (loop > 0)
        violations.push(
          `${module.path}/${file}:${header.line}: ${header.label} must start with ${names[loop]}`,
        );
      const tags = names.indexOf('tags');
      if (tags >= 0 && names.slice(tags + 1).some((n) => !META_AFTER_TAGS.includes(n))) {
        violations.push(
          `${module.path}/${file}:${header.line}: ${header.label} must end with tags (only depends_on/lifecycle after it)`,
        );
      }
    };
    lines.forEach((line, i) => {
      const top = /^(resource|data|module)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{/.exec(line);
      if (top) {
        finish();
        header = { label: [top[1], top[2], top[3]].filter(Boolean).join(' '), line: i + 1 };
        children = [];
        return;
      }
      if (/^\}/.test(line)) {
        finish();
        header = undefined;
        return;
      }
      const child = /^ {2}(\w+)\s*(=|\{|")/.exec(line);
      if (header && child?.[1]) children.push({ name: child[1], line: i + 1 });
    });
    finish();
  }
  return violations;
}

/** A composition under terraform/services is built from modules only. */
export function checkCompositionUsesModulesOnly(module: TfModule): Violations {
  return module.resources.map((r) =>
    where(module, r, `${r.type}.${r.name}: compositions declare modules only, no resources`),
  );
}

const DATA_MODULES = ['table', 'bucket', 'parameters', 'secrets'].map(moduleDir);
const COMPUTE_MODULES = ['function', 'queue', 'http_api', 'alb_api'].map(moduleDir);

/**
 * Persistent and compute resources live in different root modules: compute (stacks/compute and the
 * compositions) holds no data resource, data (stacks/data) no function, queue or API.
 */
export function checkLayer(module: TfModule, layer: 'data' | 'compute'): Violations {
  const violations: Violations = [];
  if (layer === 'compute') {
    for (const r of module.resources.filter((r) => (STATEFUL_TYPES as readonly string[]).includes(r.type))) {
      violations.push(where(module, r, `${r.type}.${r.name} holds data and belongs in the data root module`));
    }
    for (const m of module.modules.filter((m) => DATA_MODULES.includes(m.sourceDir))) {
      violations.push(
        where(module, m, `module "${m.name}" creates data and belongs in the data root module`),
      );
    }
  } else {
    const computeTypes = ['aws_lambda_function', 'aws_sqs_queue', 'aws_apigatewayv2_api', 'aws_lb'];
    for (const r of module.resources.filter((r) => computeTypes.includes(r.type))) {
      violations.push(
        where(module, r, `${r.type}.${r.name} is compute and belongs in the compute root module`),
      );
    }
    for (const m of module.modules.filter((m) => COMPUTE_MODULES.includes(m.sourceDir))) {
      violations.push(
        where(module, m, `module "${m.name}" is compute and belongs in the compute root module`),
      );
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Environments

/** The four environments' root modules, loaded: { env: { settings, data, compute } }. */
export type Environments = Record<string, Partial<Record<'settings' | 'data' | 'compute', TfModule>>>;

const s3Backend = (module: TfModule): Body | undefined => {
  for (const settings of module.terraform) {
    const backend = settings.backend as { s3?: Body[] } | undefined;
    if (backend?.s3?.[0] !== undefined) return backend.s3[0];
  }
  return undefined;
};

/**
 * Each environment has settings, data and compute; each root has its own state key in its account's
 * state bucket, allowed_account_ids and default tags; compute takes git_ref, with no default, and
 * speculative_artifact_hashes (branch plans) only; data has none; and apart from backend.tf and settings/ the environments are identical.
 */
export function checkEnvironments(environments: Environments): Violations {
  const violations: Violations = [];
  const keys = new Map<string, string>();
  for (const env of ENVIRONMENTS) {
    const found = environments[env];
    if (found?.settings === undefined || found.data === undefined || found.compute === undefined) {
      violations.push(`terraform/environments/${env} needs settings/, data/ and compute/`);
      continue;
    }
    const roots = { settings: found.settings, data: found.data, compute: found.compute };
    const accountId = roots.settings.locals.account_id;
    if (roots.settings.locals.environment !== env)
      violations.push(`${roots.settings.path}: local.environment must be "${env}"`);
    if (!isString(accountId) || !/^\d{12}$/.test(accountId))
      violations.push(`${roots.settings.path}: local.account_id must be a 12-digit account id`);
    for (const layer of ['data', 'compute'] as const) {
      const root = roots[layer];
      const backend = s3Backend(root);
      const key = `environments/${env}/${layer}.tfstate`;
      if (backend === undefined) {
        violations.push(`${root.path}: needs a backend "s3" block`);
      } else {
        if (backend.key !== key)
          violations.push(`${root.path}: backend key must be "${key}" (got ${JSON.stringify(backend.key)})`);
        if (backend.bucket !== `idp-backend-tfstate-${String(accountId)}`)
          violations.push(
            `${root.path}: backend bucket must be idp-backend-tfstate-${String(accountId)}, the state bucket of the account in ../settings`,
          );
        if (backend.encrypt !== true) violations.push(`${root.path}: backend must set encrypt = true`);
        const previous = keys.get(String(backend.key));
        if (previous !== undefined) violations.push(`${root.path}: shares its state key with ${previous}`);
        keys.set(String(backend.key), root.path);
      }
      const provider = root.providers.aws?.[0];
      if (provider?.allowed_account_ids === undefined)
        violations.push(`${root.path}: provider "aws" needs allowed_account_ids`);
      if (block(provider ?? {}, 'default_tags') === undefined)
        violations.push(`${root.path}: provider "aws" needs default_tags`);
    }
    const computeVariables = roots.compute.variables;
    const names = Object.keys(computeVariables).sort();
    if (
      JSON.stringify(names) !== JSON.stringify(['git_ref', 'speculative_artifact_hashes']) ||
      'default' in (computeVariables.git_ref ?? {})
    ) {
      violations.push(
        `${roots.compute.path}: must declare git_ref, with no default, and speculative_artifact_hashes (branch plans), nothing else`,
      );
    }
    if (roots.compute.outputs.proofing_functions === undefined) {
      violations.push(
        `${roots.compute.path}: must output proofing_functions, which the next apply reads back to keep release aliases`,
      );
    }
    if (Object.keys(roots.data.variables).length > 0) {
      violations.push(`${roots.data.path}: must declare no variables (settings live in ../settings)`);
    }
  }
  // DRY: environments differ in settings/ and backend.tf only.
  const reference = environments[ENVIRONMENTS[0]];
  for (const env of ENVIRONMENTS.slice(1)) {
    for (const layer of ['data', 'compute'] as const) {
      const mine = environments[env]?.[layer];
      const theirs = reference?.[layer];
      if (mine === undefined || theirs === undefined) continue;
      const files = new Set([...Object.keys(mine.files), ...Object.keys(theirs.files)]);
      for (const file of [...files].filter((f) => f !== 'backend.tf')) {
        if (mine.files[file] !== theirs.files[file])
          violations.push(
            `${mine.path}/${file} differs from ${theirs.path}/${file}: put what differs in settings/`,
          );
      }
    }
  }
  return violations;
}

/** Resolves a path under terraform/. */
export const terraformPath = (...parts: string[]): string => resolve(TERRAFORM_DIR, ...parts);

/**
 * A literal string setting in an environment's settings/ (a dotted path into its locals) is one of the
 * values the app's configSchema property accepts, e.g. compute.address_vendor against ADDRESS_VENDOR.
 */
export function checkSettingAllowed(
  settings: TfModule,
  path: string,
  schema: ConfigSchema,
  property: string,
): Violations {
  const value = path
    .split('.')
    .reduce<unknown>((at, key) => (at as Body | undefined)?.[key], settings.locals);
  const allowed = (schema.properties[property] as { enum?: readonly unknown[] } | undefined)?.enum;
  if (allowed === undefined) return [`${settings.path}: the configSchema has no enum for ${property}`];
  return allowed.includes(value)
    ? []
    : [
        `${settings.path}: local.${path} = ${JSON.stringify(value)}, but ${property} accepts only ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      ];
}

const REAL_VENDOR = (vendor: unknown): vendor is string => isString(vendor) && vendor !== 'mock';

/**
 * An environment's settings choose a real vendor for a step only once that vendor is in
 * proofing_vendor_secrets: the data root then holds its secret, which is set before compute switches.
 */
export function checkVendorSecretsPrepared(settings: TfModule): Violations {
  const vendors = (settings.locals.compute as Body | undefined)?.proofing_vendors;
  const prepared = settings.locals.proofing_vendor_secrets;
  if (!isRecord(vendors))
    return [`${settings.path}: local.compute.proofing_vendors must be a literal object`];
  if (!Array.isArray(prepared))
    return [`${settings.path}: local.proofing_vendor_secrets must be a literal list of vendors`];
  return Object.entries(vendors)
    .filter(([, vendor]) => REAL_VENDOR(vendor) && !prepared.includes(vendor))
    .map(
      ([step, vendor]) =>
        `${settings.path}: local.compute.proofing_vendors.${step} = ${JSON.stringify(vendor)}, but ${JSON.stringify(vendor)} is not in local.proofing_vendor_secrets: its secret must exist and be set first`,
    );
}

/** The rule a composition's var.vendors must carry: in prod, no step runs a mock. */
const PROD_RUNS_NO_MOCK =
  /var\.environment\s*!=\s*"prod"\s*\|\|\s*alltrue\(\[\s*for\s+\w+,\s*(\w+)\s+in\s+var\.vendors\s*:\s*\1\s*!=\s*"mock"\s*\]\)/;

/**
 * Mocks never run in production: a composition with var.vendors refuses, in prod, a mock for every step
 * (`var.environment != "prod" || alltrue([for step, vendor in var.vendors : vendor != "mock"])`), so a plan
 * with such settings fails, as the functions themselves would at start (ENVIRONMENT=prod refuses a mock).
 */
export function checkProdRunsNoMock(composition: TfModule): Violations {
  const vendors = composition.variables.vendors;
  if (vendors === undefined) return [];
  const conditions = blocks(vendors, 'validation')
    .map((v) => v.condition)
    .filter(isString);
  if (conditions.some((condition) => PROD_RUNS_NO_MOCK.test(condition))) return [];
  return [
    `${composition.path}: variable "vendors" needs a validation var.environment != "prod" || alltrue([for step, vendor in var.vendors : vendor != "mock"]): mocks never run in prod`,
  ];
}

/** The prod settings choose a real vendor for every proofing step. */
export function checkProdSettingsChooseRealVendors(settings: TfModule): Violations {
  if (settings.locals.environment !== 'prod') return [];
  const vendors = (settings.locals.compute as Body | undefined)?.proofing_vendors;
  if (!isRecord(vendors))
    return [`${settings.path}: local.compute.proofing_vendors must be a literal object`];
  return Object.entries(vendors)
    .filter(([, vendor]) => vendor === 'mock')
    .map(
      ([step]) =>
        `${settings.path}: local.compute.proofing_vendors.${step} = "mock", but prod never runs a mock: choose the real vendor (docs/runbooks/proofing-launch.md)`,
    );
}

/**
 * The composition's validation of var.vendors accepts, for each step, exactly the values its app's
 * configSchema accepts for the variable the step is passed as (e.g. var.vendors.address -> ADDRESS_VENDOR).
 */
export function checkVendorValidation(
  composition: TfModule,
  schemas: Readonly<Record<string, ConfigSchema>>,
): Violations {
  const violations: Violations = [];
  const conditions = blocks(composition.variables.vendors ?? {}, 'validation')
    .map((v) => v.condition)
    .filter(isString)
    .join('\n');
  const accepted = new Map<string, string[]>();
  for (const match of conditions.matchAll(/contains\(\[([^\]]*)\],\s*var\.vendors\.(\w+)\)/g)) {
    accepted.set(match[2]!, [...match[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).sort());
  }
  for (const call of functionCalls(composition)) {
    const schema = schemas[appOf(call) ?? ''];
    if (schema === undefined || !isRecord(call.body.environment)) continue;
    for (const [name, value] of Object.entries(call.body.environment)) {
      const step = isString(value) ? /^\$\{var\.vendors\.(\w+)\}$/.exec(value)?.[1] : undefined;
      if (step === undefined) continue;
      const allowed = (schema.properties[name] as { enum?: unknown[] } | undefined)?.enum;
      const expected = (allowed ?? []).map(String).sort();
      const actual = accepted.get(step);
      if (actual === undefined) {
        violations.push(
          `${composition.path}: variable "vendors" has no validation contains([...], var.vendors.${step})`,
        );
      } else if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        violations.push(
          `${composition.path}: variable "vendors" accepts ${actual.join(', ')} for ${step}, but ${appOf(call)}'s ${name} accepts ${expected.join(', ')}`,
        );
      }
    }
  }
  return violations;
}

/**
 * The composition's validation of var.callback_allowed_hosts accepts entries of the very pattern its apps'
 * configSchema gives CALLBACK_ALLOWED_HOSTS items: the format Terraform checks is the one the callback check
 * compares (`host` meaning port 443, or `host:port`).
 */
export function checkCallbackHostsValidation(
  composition: TfModule,
  schemas: Readonly<Record<string, ConfigSchema>>,
): Violations {
  // Only compositions whose functions call back to the IDP take callback hosts (licensing calls no one).
  const callsBack = functionCalls(composition).some(
    (call) => isRecord(call.body.environment) && 'CALLBACK_ALLOWED_HOSTS' in call.body.environment,
  );
  if (!callsBack && composition.variables.callback_allowed_hosts === undefined) return [];
  const conditions = blocks(composition.variables.callback_allowed_hosts ?? {}, 'validation')
    .map((v) => v.condition)
    .filter(isString)
    .join('\n');
  const patterns = [...conditions.matchAll(/regex\("((?:[^"\\]|\\.)*)",\s*host\)/g)].map((m) =>
    JSON.parse(`"${m[1]!}"`),
  ) as string[];
  const sendsCallbacks = functionCalls(composition).some(
    (call) => isRecord(call.body.environment) && 'CALLBACK_ALLOWED_HOSTS' in call.body.environment,
  );
  // A composition none of whose functions sends callbacks needs no such variable.
  if (!sendsCallbacks && composition.variables.callback_allowed_hosts === undefined) return [];
  if (patterns.length !== 1) {
    return [`${composition.path}: variable "callback_allowed_hosts" has no validation regex("...", host)`];
  }
  const violations: Violations = [];
  for (const call of functionCalls(composition)) {
    if (!isRecord(call.body.environment) || !('CALLBACK_ALLOWED_HOSTS' in call.body.environment)) continue;
    const property = schemas[appOf(call) ?? '']?.properties.CALLBACK_ALLOWED_HOSTS as
      { items?: { pattern?: string } } | undefined;
    if (property?.items?.pattern !== patterns[0]) {
      violations.push(
        `${composition.path}: variable "callback_allowed_hosts" accepts ${patterns[0]}, but ${appOf(call)}'s CALLBACK_ALLOWED_HOSTS items are ${String(property?.items?.pattern)}`,
      );
    }
  }
  return violations;
}

/**
 * Each proofing job may touch only its own job type's outcome items: every statement with a DynamoDB action is
 * limited by `ForAllValues:StringLike` on `dynamodb:LeadingKeys` to `<prefix of its kind>*`, and each job
 * function gets the statements of its own kind (`local.remember_outcomes.<kind>`) and no other's.
 */
export function checkOutcomeItemsLimited(
  composition: TfModule,
  prefixOf: (kind: string) => string,
): Violations {
  const violations: Violations = [];
  const text = String(composition.locals.remember_outcomes ?? '');
  if (!text.includes('for kind in')) {
    return [`${composition.path}: local.remember_outcomes is not a map of statements by job kind`];
  }
  // The statements of the for-expression's body, split where one object ends and the next begins.
  const statements = text.split(/\n\s*\},\s*\n\s*\{/);
  for (const statement of statements.filter((st) => st.includes('"dynamodb:'))) {
    const limited =
      statement.includes('"ForAllValues:StringLike"') &&
      statement.includes('"dynamodb:LeadingKeys"') &&
      /values\s*=\s*\["proof-\$\{kind\}#\*"\]/.test(statement);
    if (!limited) {
      violations.push(
        `${composition.path}: a remember_outcomes statement grants DynamoDB actions without ForAllValues:StringLike dynamodb:LeadingKeys ["proof-\${kind}#*"]`,
      );
    }
  }
  for (const call of functionCalls(composition)) {
    const kind = /^proof-(\w+)$/.exec(appOf(call) ?? '')?.[1];
    const policy = String(call.body.policy_statements ?? '');
    const granted = [...policy.matchAll(/local\.remember_outcomes(?:\.(\w+))?/g)].map((m) => m[1] ?? '(all)');
    if (kind === undefined) {
      if (granted.length > 0)
        violations.push(`${composition.path}: ${appOf(call)} is no job but stores outcomes`);
      continue;
    }
    if (granted.length !== 1 || granted[0] !== kind) {
      violations.push(
        `${composition.path}: ${appOf(call)} gets remember_outcomes ${granted.join(', ') || 'none'}, not exactly ${kind}`,
      );
    }
    // What Terraform allows is what the job writes: "proof-${kind}#*" with the job's own kind.
    if (`proof-${kind}#` !== prefixOf(kind)) {
      violations.push(
        `${composition.path}: ${appOf(call)} writes items starting ${prefixOf(kind)}, not proof-${kind}#`,
      );
    }
  }
  return violations;
}
