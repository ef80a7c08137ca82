import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorError } from '../errors.js';

export interface Backend {
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new EmulatorError(`${name} could not listen on 127.0.0.1`, { cause: error })),
    );
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

// dynalite 4.0.0 is CommonJS without types; this is the part of its API the local cloud uses.
type Dynalite = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

/** DynamoDB: dynalite in memory, or on LevelDB under `dataDir` when state must survive a restart. */
export async function startDynamoDb(dataDir?: string): Promise<Backend> {
  const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  // Tables are ACTIVE at once: provisioning must not wait out dynalite's simulated CREATING state.
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dataDir === undefined ? {} : { path: dataDir }),
  });
  const port = await listen(server, 'dynalite');
  return { port, close: () => closeServer(server) };
}

/** The largest object S3 takes in one PutObject (larger ones go in a multipart upload). */
export const S3_MAX_PUT_BYTES = 5 * 1024 ** 3;

/** SQS, S3, SNS and STS: fauxqs, bound to 127.0.0.1 (its startFauxqs() always binds 0.0.0.0). */
export async function startFauxqs(region: string): Promise<Backend> {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false, defaultRegion: region });
  // fauxqs caps every body at 11 MiB; S3 takes one PUT of up to 5 GiB (a board's license file may be 30 MB). Its
  // catch-all parser (S3's bodies) is replaced by the same one with S3's limit; SQS and SNS keep their own checks.
  app.removeContentTypeParser('*');
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: S3_MAX_PUT_BYTES },
    (_req: unknown, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => done(null, body),
  );
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    throw new EmulatorError('fauxqs could not listen on 127.0.0.1', { cause: error });
  }
  const port = (app.server.address() as AddressInfo).port;
  return { port, close: () => app.close() };
}

type SesServerFactory = (config?: { host?: string; port?: number }) => Promise<Server>;

/** SES v1 and v2: aws-ses-v2-local; its web inbox is at `/` and the sent mail at `GET /store`. */
export async function startSes(): Promise<Backend> {
  // A CommonJS module whose `exports.default` is the factory: reached as `default.default` from ESM.
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: SesServerFactory | { default: SesServerFactory };
  };
  const factory = typeof module.default === 'function' ? module.default : module.default.default;
  const server = await factory({ host: '127.0.0.1', port: 0 });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}
