import { request, type Agent, type IncomingMessage } from 'node:http';
import { s3TargetOf } from './cors.js';

/**
 * S3's conditional write `If-None-Match: *` (PutObject fails with 412 PreconditionFailed when the key exists),
 * which fauxqs ignores: the edge asks fauxqs whether the key exists before the PUT goes through. Conditional
 * PUTs of one key wait for each other, so of two racing writers exactly one wins, as in S3.
 */
export class ConditionalWrites {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly agent: Agent,
    private readonly fauxqsPort: number,
  ) {}

  /** Runs `write` for a request; answers false instead when its `If-None-Match: *` does not hold. */
  async guard(req: IncomingMessage, write: () => Promise<void>): Promise<boolean> {
    const target = s3TargetOf(req);
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const conditional =
      req.method === 'PUT' &&
      req.headers['if-none-match'] === '*' &&
      target !== undefined &&
      target.key !== '' &&
      !query.has('partNumber') &&
      !query.has('uploadId');
    if (!conditional) {
      await write();
      return true;
    }
    const id = `${target.bucket}/${target.key}`;
    const before = this.inFlight.get(id) ?? Promise.resolve();
    let allowed = false;
    const turn = before
      .catch(() => undefined)
      .then(async () => {
        allowed = !(await this.exists(req));
        if (allowed) await write();
      });
    this.inFlight.set(id, turn);
    try {
      await turn;
    } finally {
      if (this.inFlight.get(id) === turn) this.inFlight.delete(id);
    }
    return allowed;
  }

  /** HEAD of the same object, signed headers passed on (fauxqs checks their presence, not the signature). */
  private exists(req: IncomingMessage): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const headers: Record<string, string> = {};
    for (const name of [
      'host',
      'authorization',
      'x-amz-date',
      'x-amz-security-token',
      'x-amz-content-sha256',
    ]) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return new Promise((resolve, reject) => {
      const head = request(
        { host: '127.0.0.1', port: this.fauxqsPort, method: 'HEAD', path, headers, agent: this.agent },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      head.on('error', reject);
      head.end();
    });
  }
}
