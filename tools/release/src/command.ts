import { parseArgs, type ParseArgsConfig } from 'node:util';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { LAMBDA_ARCHITECTURES, parseArchitecture } from './architecture.js';
import { ReleaseError, UsageError } from './errors.js';
import { checkAncestry } from './ancestry.js';
import { idpInvocations } from './idp-names.js';
import { artifactsDir, localManifestPath } from './layout.js';
import { readManifestFile } from './manifest.js';
import { packageApp } from './package.js';
import { publishRelease } from './publish.js';
import { parseRef } from './ref.js';
import { verifyRelease } from './verify.js';

export interface S3Target {
  endpoint?: string;
  region?: string;
}

export interface CliEnvironment {
  workspaceRoot: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Builds the S3 client for publish and verify; the default uses the SDK's credential chain. */
  createS3Client?: (target: S3Target) => S3Client;
}

export const USAGE = `Usage:
  release package --app <name> [--ref <sha>] [--architecture arm64|x86_64] [--registry <url>]
  release publish --ref <sha> --bucket <bucket> [--endpoint-url <url>] [--region <region>]
  release verify  --ref <sha> --bucket <bucket> [--endpoint-url <url>] [--region <region>] [--require-app <name>]... [--build-manifest <path>]
  release tfvars  --ref <sha>
  release idp-names --ref <sha> --environment <env>
  release check-ancestry --ref <sha> --deployed <sha|''> [--rollback]

package  zips dist/apps/<name>/ into dist/artifacts/<name>/<ref>.zip (+ .sha256) and adds it to
         dist/artifacts/manifest-<ref>.json; the ref defaults to git HEAD (-dirty with local changes).
         A bundle that imports a native runtime package gets it under node_modules/ for the app's
         architecture (tools/release/function-architectures.json unless --architecture), fetching a
         binary this machine lacks from --registry (npm's configured registry by default).
publish  uploads <app>/<ref>.zip, <app>/<ref>.zip.sha256 and manifests/<ref>.json; skips identical
         objects, refuses different content under an existing key and refuses -dirty refs.
verify   checks every artifact of manifests/<ref>.json in the bucket; exits 1 naming each problem. With
         --build-manifest, the bucket's manifest must also equal the build's (one build, promoted).
tfvars   prints the Terraform variables of a branch plan (speculative_artifact_hashes) from
         dist/artifacts/manifest-<ref>.json: the branch's own build, which is never published.
idp-names prints, per proofing job, the exact function and alias the IDP invokes for the ref in the
         environment (<function>:<alias>), which the IDP configures instead of its own convention.
check-ancestry refuses (exit 1) to apply a SHA that does not descend from the deployed one, unless
         --rollback says the older SHA is wanted; an empty --deployed is the first deploy.`;

/** Exit codes: 0 success, 1 a release check or operation failed, 2 the command line is wrong. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      env.err(`error: ${error.message}`);
      env.err(USAGE);
      return 2;
    }
    if (error instanceof ReleaseError) {
      env.err(`error: ${error.message}`);
      return 1;
    }
    if (error instanceof S3ServiceException) {
      env.err(
        `error: S3 answered ${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message}`,
      );
      return 1;
    }
    throw error;
  }
}

const s3Options = {
  ref: { type: 'string' },
  bucket: { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
} as const;

async function dispatch(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'package': {
      const values = parse(rest, {
        app: { type: 'string' },
        ref: { type: 'string' },
        architecture: { type: 'string' },
        registry: { type: 'string' },
      });
      if (
        values.architecture !== undefined &&
        !(LAMBDA_ARCHITECTURES as readonly string[]).includes(values.architecture)
      ) {
        throw new UsageError(`--architecture must be ${LAMBDA_ARCHITECTURES.join(' or ')}`);
      }
      const result = await packageApp({
        workspaceRoot: env.workspaceRoot,
        app: required(values.app, 'app'),
        ref: values.ref,
        architecture:
          values.architecture === undefined
            ? undefined
            : parseArchitecture(values.architecture, '--architecture'),
        // npm passes its configured registry (.npmrc, a mirror) to the scripts and commands it runs.
        registry: values.registry ?? process.env['npm_config_registry'],
      });
      const native =
        result.nativePackages.length === 0
          ? ''
          : `, with ${result.nativePackages.join(', ')} for ${result.architecture}`;
      env.out(
        `packaged ${result.entry.app} for ${result.ref}: ${result.entry.bytes} bytes, sha256 ${result.entry.sha256}${native}`,
      );
      return 0;
    }
    case 'publish': {
      const values = parse(rest, s3Options);
      const ref = parseRef(required(values.ref, 'ref'), { allowDirty: false });
      const bucket = required(values.bucket, 'bucket');
      const result = await publishRelease({
        client: client(env, values),
        bucket,
        ref,
        artifactsDir: artifactsDir(env.workspaceRoot),
        onObject: (key, outcome) =>
          env.out(`${outcome === 'uploaded' ? 'uploaded' : 'skipped (identical)'} s3://${bucket}/${key}`),
      });
      env.out(
        `published ${result.ref}: ${result.uploaded.length} uploaded, ${result.skipped.length} already present`,
      );
      return 0;
    }
    case 'verify': {
      const values = parse(rest, {
        ...s3Options,
        'require-app': { type: 'string', multiple: true },
        'build-manifest': { type: 'string' },
      });
      const ref = parseRef(required(values.ref, 'ref'), { allowDirty: false });
      const bucket = required(values.bucket, 'bucket');
      const buildManifest =
        values['build-manifest'] === undefined
          ? undefined
          : await readManifestFile(values['build-manifest'], ref);
      const result = await verifyRelease({
        client: client(env, values),
        bucket,
        ref,
        requiredApps: values['require-app'],
        buildManifest,
      });
      if (result.ok) {
        const apps = result.artifacts.map((a) => a.app).join(', ');
        env.out(
          `OK ${result.ref}: ${result.artifacts.length} artifacts verified in s3://${bucket} (${apps})`,
        );
        return 0;
      }
      env.err(`FAILED ${result.ref}: ${result.problems.length} problem(s) in s3://${bucket}`);
      for (const problem of result.problems) env.err(`  ${problem.kind}: ${problem.message}`);
      return 1;
    }
    case 'tfvars': {
      const values = parse(rest, { ref: { type: 'string' } });
      const ref = parseRef(required(values.ref, 'ref'), { allowDirty: false });
      const manifest = await readManifestFile(localManifestPath(artifactsDir(env.workspaceRoot), ref), ref);
      const hashes = Object.fromEntries(manifest.artifacts.map((entry) => [entry.app, entry.sha256]));
      env.out(JSON.stringify({ speculative_artifact_hashes: hashes }, null, 2));
      return 0;
    }
    case 'idp-names': {
      const values = parse(rest, { ref: { type: 'string' }, environment: { type: 'string' } });
      const invocations = await idpInvocations({
        workspaceRoot: env.workspaceRoot,
        ref: required(values.ref, 'ref'),
        environment: required(values.environment, 'environment'),
      });
      for (const { job, functionName, alias } of invocations) {
        env.out(`${job}\t${functionName}\t${alias}\t${functionName}:${alias}`);
      }
      return 0;
    }
    case 'check-ancestry': {
      const values = parse(rest, {
        ref: { type: 'string' },
        deployed: { type: 'string' },
        rollback: { type: 'boolean', default: false },
      });
      if (values.deployed === undefined)
        throw new UsageError("--deployed is required ('' before the first deploy)");
      const ref = required(values.ref, 'ref');
      const outcome = await checkAncestry({
        cwd: env.workspaceRoot,
        ref,
        deployed: values.deployed,
        rollback: values.rollback === true,
      });
      const what = {
        'first-deploy': 'nothing is deployed yet',
        same: 'it is the deployed SHA (a re-apply)',
        descendant: `it descends from the deployed ${values.deployed}`,
        rollback: `ROLLBACK asked for explicitly: it does not descend from the deployed ${values.deployed}`,
      }[outcome];
      env.out(`OK ${ref}: ${what}`);
      return 0;
    }
    case '--help':
    case 'help':
      env.out(USAGE);
      return 0;
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs names the unknown option or the missing value; keep its words.
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function client(env: CliEnvironment, values: { 'endpoint-url'?: string; region?: string }): S3Client {
  const target: S3Target = { endpoint: values['endpoint-url'], region: values.region };
  if (env.createS3Client) return env.createS3Client(target);
  // Emulators and most S3-compatible stores only route path-style URLs.
  return new S3Client({ ...target, forcePathStyle: target.endpoint !== undefined });
}
