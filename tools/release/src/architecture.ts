import { readFileSync } from 'node:fs';
import { ReleaseError } from './errors.js';

/** Lambda's instruction sets, as Terraform's `architecture` names them. */
export const LAMBDA_ARCHITECTURES = ['arm64', 'x86_64'] as const;
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** What a native package's `os`, `cpu` and `libc` fields are matched with for a Lambda architecture (nodejs22.x is glibc). */
export interface TargetPlatform {
  os: 'linux';
  cpu: 'arm64' | 'x64';
  libc: 'glibc';
}

export const targetPlatform = (architecture: LambdaArchitecture): TargetPlatform => ({
  os: 'linux',
  cpu: architecture === 'arm64' ? 'arm64' : 'x64',
  libc: 'glibc',
});

/** `tools/release/function-architectures.json`: the one place that says which instruction set each app runs on. */
export const ARCHITECTURES_FILE = new URL('../function-architectures.json', import.meta.url);

export interface FunctionArchitectures {
  default: LambdaArchitecture;
  apps: Record<string, LambdaArchitecture>;
}

export function parseArchitecture(value: string, source: string): LambdaArchitecture {
  if ((LAMBDA_ARCHITECTURES as readonly string[]).includes(value)) return value as LambdaArchitecture;
  throw new ReleaseError(
    `${source}: architecture must be ${LAMBDA_ARCHITECTURES.join(' or ')}, got ${JSON.stringify(value)}`,
  );
}

export function readFunctionArchitectures(file: URL = ARCHITECTURES_FILE): FunctionArchitectures {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { default?: string; apps?: Record<string, string> };
  const source = file.pathname;
  return {
    default: parseArchitecture(raw.default ?? '', `${source} default`),
    apps: Object.fromEntries(
      Object.entries(raw.apps ?? {}).map(([app, value]) => [
        app,
        parseArchitecture(value, `${source} apps.${app}`),
      ]),
    ),
  };
}

/** The app's architecture in function-architectures.json: its own entry, or the default (arm64, Terraform's too). */
export function architectureOf(app: string, architectures = readFunctionArchitectures()): LambdaArchitecture {
  return architectures.apps[app] ?? architectures.default;
}
