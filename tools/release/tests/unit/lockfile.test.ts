import { describe, expect, it } from 'vitest';
import { NativePackageError, productionClosure, targetPlatform, type Lockfile } from '../../src/index.js';

const integrity = (name: string): string => `sha512-${Buffer.from(name).toString('base64')}`;
const lock: Lockfile = {
  packages: {
    '': { dependencies: { sdk: '1.0.0' } },
    'node_modules/sdk': {
      version: '1.0.0',
      integrity: integrity('sdk'),
      dependencies: { helper: '^2', shared: '^1' },
      optionalDependencies: {
        'sdk-linux-arm64-gnu': '1.0.0',
        'sdk-linux-x64-gnu': '1.0.0',
        'sdk-linux-x64-musl': '1.0.0',
        'sdk-darwin-arm64': '1.0.0',
      },
      peerDependencies: { encoding: '*', peer: '*' },
      peerDependenciesMeta: { encoding: { optional: true } },
    },
    // The lock nests the version the SDK needs under it; another package keeps the hoisted one.
    'node_modules/sdk/node_modules/helper': {
      version: '2.0.0',
      integrity: integrity('helper2'),
      dependencies: { shared: '^1' },
    },
    'node_modules/helper': { version: '1.0.0', integrity: integrity('helper1'), dev: true } as never,
    'node_modules/shared': { version: '1.2.0', integrity: integrity('shared') },
    'node_modules/peer': { version: '3.0.0', integrity: integrity('peer') },
    'node_modules/sdk-linux-arm64-gnu': {
      version: '1.0.0',
      integrity: integrity('a'),
      os: ['linux'],
      cpu: ['arm64'],
      libc: ['glibc'],
    },
    'node_modules/sdk-linux-x64-gnu': {
      version: '1.0.0',
      integrity: integrity('x'),
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
    },
    'node_modules/sdk-linux-x64-musl': {
      version: '1.0.0',
      integrity: integrity('m'),
      os: ['linux'],
      cpu: ['x64'],
      libc: ['musl'],
    },
    'node_modules/sdk-darwin-arm64': {
      version: '1.0.0',
      integrity: integrity('d'),
      os: ['darwin'],
      cpu: ['arm64'],
    },
  },
};

describe('productionClosure', () => {
  it("is the package, its dependencies as the lock nests them, required peers and the platform's binary", () => {
    const paths = (architecture: 'arm64' | 'x86_64') =>
      productionClosure(lock, ['sdk'], targetPlatform(architecture)).map((install) => install.path);
    expect(paths('arm64')).toEqual([
      'node_modules/peer',
      'node_modules/sdk',
      'node_modules/sdk-linux-arm64-gnu',
      'node_modules/sdk/node_modules/helper',
      'node_modules/shared',
    ]);
    expect(paths('x86_64')).toContain('node_modules/sdk-linux-x64-gnu');
    expect(paths('x86_64')).not.toContain('node_modules/sdk-linux-arm64-gnu');
    expect(paths('x86_64')).not.toContain('node_modules/sdk-linux-x64-musl');
    const [first] = productionClosure(lock, ['sdk'], targetPlatform('arm64')).filter(
      (i) => i.name === 'helper',
    );
    expect(first).toEqual({
      path: 'node_modules/sdk/node_modules/helper',
      name: 'helper',
      version: '2.0.0',
      integrity: integrity('helper2'),
    });
  });

  it('refuses a dependency the lock does not hold, or one without a registry version', () => {
    const missing: Lockfile = {
      packages: {
        'node_modules/sdk': { version: '1.0.0', integrity: 'sha512-x', dependencies: { gone: '1' } },
      },
    };
    expect(() => productionClosure(missing, ['sdk'], targetPlatform('arm64'))).toThrow(NativePackageError);
    expect(() => productionClosure(missing, ['sdk'], targetPlatform('arm64'))).toThrow(
      'package-lock.json does not lock gone (needed by node_modules/sdk)',
    );
    const linked: Lockfile = { packages: { 'node_modules/sdk': { link: true } } };
    expect(() => productionClosure(linked, ['sdk'], targetPlatform('arm64'))).toThrow(
      'without a registry version',
    );
  });
});
