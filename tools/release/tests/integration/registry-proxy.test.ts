import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockedTarball } from '../../src/npm-tarball.js';

// A machine that reaches the npm registry only through a proxy: `package` fetches a native package's tarball through
// HTTPS_PROXY / HTTP_PROXY, and straight for hosts in NO_PROXY, as npm does.
const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const TARBALL = Buffer.from('a stand-in npm tarball');
const install = {
  path: 'node_modules/@example/native-linux-arm64',
  name: '@example/native-linux-arm64',
  version: '1.2.3',
  integrity: `sha512-${createHash('sha512').update(TARBALL).digest('base64')}`,
};
const registry = createServer((_req, res) => void res.end(TARBALL));

// A proxy that counts what it carried: CONNECT tunnels, and plain requests in absolute form.
const carried: string[] = [];
const proxy = createServer((req, res) => {
  carried.push(`${req.method} ${req.url}`);
  const upstream = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  req.pipe(upstream);
});
proxy.on('connect', (req, socket, head) => {
  carried.push(`CONNECT ${req.url}`);
  const [host, port] = (req.url ?? '').split(':');
  const upstream = connect(Number(port), host, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
});

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
let registryUrl: string;
let scratch: string;

beforeAll(async () => {
  registryUrl = `${await listen(registry)}/`;
  const proxyUrl = await listen(proxy);
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env.HTTP_PROXY = proxyUrl;
  process.env.HTTPS_PROXY = proxyUrl;
  scratch = await mkdtemp(join(tmpdir(), 'release-proxy-'));
});
afterAll(async () => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  for (const server of [registry, proxy]) {
    server.closeAllConnections();
    server.close();
  }
  await rm(scratch, { recursive: true, force: true });
});

describe('fetching a tarball from the registry', () => {
  it('goes through the proxy the environment names', async () => {
    const bytes = await lockedTarball({ workspaceRoot: join(scratch, 'a'), registry: registryUrl }, install);
    expect(bytes.equals(TARBALL)).toBe(true);
    expect(carried).toHaveLength(1);
    expect(carried[0]).toContain(new URL(registryUrl).host);
  });

  it('goes straight to a host in NO_PROXY', async () => {
    process.env.NO_PROXY = '127.0.0.1';
    const before = carried.length;
    const bytes = await lockedTarball({ workspaceRoot: join(scratch, 'b'), registry: registryUrl }, install);
    expect(bytes.equals(TARBALL)).toBe(true);
    expect(carried).toHaveLength(before);
  });
});
