import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboundHttpError, httpRequest } from '../../src/index.js';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

// The peer: /ok echoes the request, /slow never answers, /big streams 2 MiB, /redirect points elsewhere.
const target = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/slow') return;
    if (req.url === '/big') return void res.end(Buffer.alloc(2 << 20));
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
    res.writeHead(201, { 'x-seen-method': req.method ?? '' }).end(Buffer.concat(chunks));
  });
});

// A CONNECT proxy that counts the tunnels it opened.
let tunnels = 0;
const proxy = createServer();
proxy.on('connect', (req, socket, head) => {
  tunnels++;
  const [host, port] = (req.url ?? '').split(':');
  const upstream = connect(Number(port), host, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
});

let targetUrl: string;
let proxyUrl: string;
beforeAll(async () => {
  targetUrl = await listen(target);
  proxyUrl = await listen(proxy);
});
afterAll(() => {
  target.closeAllConnections();
  proxy.closeAllConnections();
  target.close();
  proxy.close();
});
afterEach(() => {
  delete process.env.HTTP_PROXY;
  delete process.env.NO_PROXY;
});

describe('httpRequest', () => {
  it('sends the method, headers and body and returns status, headers and body', async () => {
    const response = await httpRequest({ url: `${targetUrl}/ok`, method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers['x-seen-method']).toBe('POST');
    expect(response.body.toString()).toBe('{"a":1}');
  });

  it('does not follow redirects', async () => {
    const response = await httpRequest({ url: `${targetUrl}/redirect` });
    expect(response.status).toBe(302);
  });

  it('ends by its own timeout or by the caller, and says which', async () => {
    await expect(httpRequest({ url: `${targetUrl}/slow`, timeoutMs: 100 })).rejects.toMatchObject({
      kind: 'timeout',
    });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    await expect(httpRequest({ url: `${targetUrl}/slow`, signal: caller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });

  it('refuses an answer larger than the limit', async () => {
    const error = await httpRequest({ url: `${targetUrl}/big`, maxResponseBytes: 1024 }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundHttpError);
    expect(error.kind).toBe('too-large');
  });

  it('reports a refused connection as a network error', async () => {
    const closed = createServer();
    const url = await listen(closed);
    closed.close();
    await expect(httpRequest({ url })).rejects.toMatchObject({ kind: 'network' });
  });

  it('goes through HTTP_PROXY when set, and not for hosts in NO_PROXY', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    const before = tunnels;
    const response = await httpRequest({ url: `${targetUrl}/ok`, method: 'PUT', body: 'via proxy' });
    expect(response.body.toString()).toBe('via proxy');
    expect(tunnels).toBe(before + 1);

    process.env.NO_PROXY = '127.0.0.1';
    await httpRequest({ url: `${targetUrl}/ok` });
    expect(tunnels).toBe(before + 1);
  });
});
