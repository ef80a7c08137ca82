import type { ServiceDeclaration } from '@backend/contracts';
import { startCloud, type LocalCloud, type LocalCloudOptions } from '../../src/index.js';

export interface TestCloud extends LocalCloud {
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Log lines of one function (or of the local cloud itself: `local-cloud`). */
  logs(name: string): string[];
}

/** A local cloud for one test file, with function logs kept instead of printed. */
export async function startTestCloud(
  services: readonly ServiceDeclaration[],
  options: Omit<LocalCloudOptions, 'services' | 'log'> = {},
): Promise<TestCloud> {
  const lines: { name: string; line: string }[] = [];
  const cloud = await startCloud({
    asyncRetryDelaysMs: [20, 40],
    ...options,
    services,
    log: (name, line) => lines.push({ name, line }),
  });
  return Object.assign(cloud, {
    clientConfig: {
      endpoint: cloud.endpoint,
      region: cloud.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
    logs: (name: string) => lines.filter((l) => l.name === name).map((l) => l.line),
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const fixture = (name: string) => `tools/local-cloud/tests/fixtures/${name}.ts`;
