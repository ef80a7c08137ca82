import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buildApp } from 'fauxqs';

export interface S3Emulator {
  endpoint: string;
  client: S3Client;
  createBucket: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * fauxqs's S3 on a free port of 127.0.0.1. Its startFauxqs() always listens on 0.0.0.0, so the
 * test listens with its app itself to stay on the loopback interface.
 */
export async function startS3Emulator(): Promise<S3Emulator> {
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });
  return {
    endpoint,
    client,
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      client.destroy();
      await app.close();
    },
  };
}
