import { SQSClient } from '@aws-sdk/client-sqs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BucketCorsRule } from '@backend/contracts';
import { createDynamoDbFront } from '../emulators/dynamodb.js';
import { RecaptchaStandIn, serveRecaptcha } from '../emulators/recaptcha.js';
import { isSesV1SendEmail, serveSesV1SendEmail } from '../emulators/ses-v1.js';
import { SmsOutbox } from '../emulators/sns-sms.js';
import { listDeadLetterSourceQueues } from '../emulators/sqs.js';
import { protocolOf, sendAwsError } from './aws-errors.js';
import { PayloadTooLargeError, readBody } from './body.js';
import { answerPreflight, corsHeadersFor, isPreflight, s3TargetOf } from './cors.js';
import { applyFault, FaultController, serveFaultControl } from './faults.js';
import { serveJsonRpc, type JsonOperation } from './json-rpc.js';
import { operationOf } from './operations.js';
import { createUpstreamAgent, proxyTo } from './proxy.js';
import { ConditionalWrites } from './s3-conditions.js';
import { credentialScopeOf } from './sigv4.js';

/** An object-created request the edge saw succeed (S3 notifications are delivered by the local cloud). */
export interface ObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
  readonly sourceIp: string;
}

export interface EdgeBackends {
  readonly dynamodbPort: number;
  /** fauxqs: SQS, S3, SNS and STS */
  readonly fauxqsPort: number;
  readonly sesPort: number;
  readonly ssm: Readonly<Record<string, JsonOperation>>;
  readonly secretsManager: Readonly<Record<string, JsonOperation>>;
  readonly lambda: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Cognito Identity's operations, and the JWKS of its OpenID tokens (served unsigned, as AWS publishes it). */
  readonly cognitoIdentity: {
    readonly operations: Readonly<Record<string, JsonOperation>>;
    readonly jwks: () => Promise<unknown>;
  };
  readonly onObjectCreated: (event: ObjectCreated) => void;
  /** A bucket's CORS rules (browsers PUT to pre-signed URLs from other origins); undefined for none. */
  readonly bucketCors?: (bucket: string) => readonly BucketCorsRule[] | undefined;
  readonly onError: (error: unknown) => void;
}

export interface EdgeServer {
  readonly url: string;
  readonly port: number;
  /** The fault rules served at `/_local-cloud/faults`. */
  readonly faults: FaultController;
  /** Google's reCAPTCHA siteverify, played at `/recaptcha/api/siteverify` (tokens from `/_local-cloud/recaptcha/tokens`). */
  readonly recaptcha: RecaptchaStandIn;
  /** SNS texts to phone numbers, shown at `/_local-cloud/sms`. */
  readonly sms: SmsOutbox;
  close(): Promise<void>;
}

const EDGE_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Where the edge publishes the keys of the local Cognito Identity's OpenID tokens. */
export const COGNITO_IDENTITY_JWKS_PATH = '/_local-cloud/cognito-identity/.well-known/jwks.json';

// SendMessageBatch may carry 1 MiB of messages plus JSON overhead.
const MAX_SQS_BODY = 2 * 1024 * 1024;
// A query-protocol body read to find its Action for a fault rule: SES's SendRawEmail takes up to 40 MB.
const MAX_QUERY_BODY = 40 * 1024 * 1024;
// An SNS Publish carries at most 256 KB of message plus its attributes.
const MAX_SNS_BODY = 1024 * 1024;

/** What an S3 request creates, if it is a successful object write (not a part, tag or ACL change). */
function objectCreated(req: IncomingMessage, status: number): ObjectCreated | undefined {
  if (status !== 200 || (req.method !== 'PUT' && req.method !== 'POST')) return undefined;
  const target = s3TargetOf(req);
  if (target === undefined || target.key === '') return undefined;
  const { bucket, key } = target;
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  if (req.method === 'POST') {
    return query.has('uploadId')
      ? { bucket, key, eventName: 'ObjectCreated:CompleteMultipartUpload', sourceIp }
      : undefined;
  }
  const subresources = ['uploadId', 'partNumber', 'tagging', 'acl', 'retention', 'legal-hold', 'torrent'];
  if (subresources.some((name) => query.has(name))) return undefined;
  const eventName =
    req.headers['x-amz-copy-source'] === undefined ? 'ObjectCreated:Put' : 'ObjectCreated:Copy';
  return { bucket, key, eventName, sourceIp };
}

/**
 * The one endpoint every SDK client is pointed at (`AWS_ENDPOINT_URL`). It reads the SigV4 credential scope and
 * hands the request to the emulator of that service; signatures are not checked.
 */
export async function startEdgeServer(backends: EdgeBackends, port = 0): Promise<EdgeServer> {
  const agent = createUpstreamAgent();
  const faults = new FaultController();
  const recaptcha = new RecaptchaStandIn();
  const sms = new SmsOutbox();
  const serveDynamoDb = createDynamoDbFront({ dynamodbPort: backends.dynamodbPort, agent, faults });
  const conditionalWrites = new ConditionalWrites(agent, backends.fauxqsPort);
  const bucketCors = backends.bucketCors ?? (() => undefined);
  let canonicalHost = '';
  // The edge's own SQS client, for the operations it answers from what fauxqs holds.
  let ownSqs: SQSClient | undefined;
  let actualPort = 0;

  // fauxqs finds a queue by its exact URL, which it builds as http://sqs.<region>.localhost:<port>/...; clients
  // get http://127.0.0.1:<port>/... instead (no *.localhost name to resolve), and any spelling of the edge's host
  // in a request is mapped back to fauxqs's form.
  async function forwardSqs(req: IncomingMessage, res: ServerResponse, region: string): Promise<void> {
    if (req.headers['x-amz-target'] === 'AmazonSQS.ListDeadLetterSourceQueues') {
      ownSqs ??= new SQSClient({
        endpoint: `http://${canonicalHost}`,
        region,
        credentials: EDGE_CREDENTIALS,
      });
      const sqs = ownSqs;
      return serveJsonRpc(req, res, 'AmazonSQS', {
        ListDeadLetterSourceQueues: (input) => listDeadLetterSourceQueues(sqs, input),
      });
    }
    let body = await readBody(req, MAX_SQS_BODY);
    try {
      const input = JSON.parse(body.toString('utf8')) as { QueueUrl?: unknown };
      if (typeof input.QueueUrl === 'string') {
        const path = new URL(input.QueueUrl, `http://${canonicalHost}`).pathname;
        input.QueueUrl = `http://sqs.${region}.localhost:${actualPort}${path}`;
        body = Buffer.from(JSON.stringify(input));
      }
    } catch {
      // Not JSON: fauxqs answers with its own error.
    }
    const fauxqsUrls = new RegExp(`http://sqs\\.[a-z0-9-]+\\.localhost:${actualPort}/`, 'g');
    await proxyTo(agent, backends.fauxqsPort, req, res, {
      body,
      headers: { host: canonicalHost },
      transformResponse: (out) =>
        Buffer.from(out.toString('utf8').replace(fauxqsUrls, `http://${canonicalHost}/`)),
    });
  }

  /**
   * Applies the fault a rule draws for this request, if any (DynamoDB's are applied by its front, which also
   * leaves batch items unprocessed). A query-protocol body is read to find its `Action` only while a rule names
   * the service; it is returned to be forwarded.
   */
  async function injectFault(
    req: IncomingMessage,
    res: ServerResponse,
    scopeService: string,
  ): Promise<'answered' | Buffer | undefined> {
    const service = scopeService === 'email' ? 'ses' : scopeService;
    if (service === 'dynamodb' || !faults.watches(service)) return undefined;
    const protocol = service === 'lambda' ? 'rest-json' : protocolOf(req);
    const body = protocol === 'query' ? await readBody(req, MAX_QUERY_BODY) : undefined;
    const effect = faults.draw(service, operationOf(req, service, body));
    if (effect === undefined) return body;
    const answered = await applyFault(req, res, service, effect, (status, code, message) => {
      // SES v2 (REST JSON) names SES's throttling TooManyRequestsException, sent with 429.
      if (service === 'ses' && protocol === 'rest-json' && code === 'Throttling') {
        sendAwsError(req, res, 429, 'TooManyRequestsException', message, protocol);
      } else sendAwsError(req, res, status, code, message, protocol);
    });
    return answered ? 'answered' : body;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === '/_local-cloud/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (await serveFaultControl(req, res, faults)) return;
    // Not AWS: Google's reCAPTCHA siteverify, unsigned as Google's is.
    if (await serveRecaptcha(req, res, recaptcha, faults)) return;
    if (sms.serveOutbox(req, res)) return;
    if (req.method === 'GET' && req.url === COGNITO_IDENTITY_JWKS_PATH) {
      const body = JSON.stringify(await backends.cognitoIdentity.jwks());
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    // Only S3 is called from browsers; a preflight carries no signature, so it is answered before routing.
    if (isPreflight(req)) {
      answerPreflight(req, res, bucketCors);
      return;
    }
    const scope = credentialScopeOf(req);
    if (scope === undefined) {
      sendAwsError(
        req,
        res,
        403,
        'MissingAuthenticationTokenException',
        'Request is missing a SigV4 Authorization header or X-Amz-Credential',
      );
      return;
    }
    const faulted = await injectFault(req, res, scope.service);
    if (faulted === 'answered') return;
    const queryBody = faulted;
    switch (scope.service) {
      case 'dynamodb':
        return serveDynamoDb(req, res);
      case 's3': {
        const written = await conditionalWrites.guard(req, () =>
          proxyTo(agent, backends.fauxqsPort, req, res, {
            responseHeaders: corsHeadersFor(req, bucketCors),
            onComplete: (status) => {
              const created = objectCreated(req, status);
              if (created !== undefined) backends.onObjectCreated(created);
            },
          }),
        );
        if (!written) {
          req.resume();
          sendAwsError(
            req,
            res,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
          );
        }
        return;
      }
      case 'sqs':
        return forwardSqs(req, res, scope.region);
      case 'sns': {
        // fauxqs serves topics; a Publish to a phone number is answered by the SMS outbox.
        const body = queryBody ?? (await readBody(req, MAX_SNS_BODY));
        const form = new URLSearchParams(body.toString('utf8'));
        if (SmsOutbox.isSmsPublish(form)) return sms.servePublish(req, res, form);
        return proxyTo(agent, backends.fauxqsPort, req, res, { body });
      }
      case 'sts':
        return proxyTo(agent, backends.fauxqsPort, req, res, { body: queryBody });
      case 'ses':
      case 'email': {
        if (protocolOf(req) !== 'query')
          return proxyTo(agent, backends.sesPort, req, res, { body: queryBody });
        const body = queryBody ?? (await readBody(req, MAX_QUERY_BODY));
        const form = new URLSearchParams(body.toString('utf8'));
        if (isSesV1SendEmail(form)) return serveSesV1SendEmail(req, res, form, backends.sesPort);
        return proxyTo(agent, backends.sesPort, req, res, { body });
      }
      case 'ssm':
        return serveJsonRpc(req, res, 'AmazonSSM', backends.ssm);
      case 'secretsmanager':
        return serveJsonRpc(req, res, 'secretsmanager', backends.secretsManager);
      case 'lambda':
        return backends.lambda(req, res);
      case 'cognito-identity':
        return serveJsonRpc(req, res, 'AWSCognitoIdentityService', backends.cognitoIdentity.operations);
      default:
        sendAwsError(
          req,
          res,
          400,
          'UnknownOperationException',
          `The local cloud does not emulate the service "${scope.service}"`,
        );
    }
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof PayloadTooLargeError) {
        sendAwsError(req, res, 413, 'RequestEntityTooLarge', error.message);
        return;
      }
      backends.onError(error);
      if (!res.headersSent)
        sendAwsError(req, res, 500, 'InternalFailure', 'The local cloud failed to process the request');
      else res.destroy();
    });
  });
  // SQS long polls last up to 20 s; Node's default request timeout is far above that, keep-alive is short.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  canonicalHost = `127.0.0.1:${actualPort}`;
  return {
    url: `http://${canonicalHost}`,
    port: actualPort,
    faults,
    recaptcha,
    sms,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        ownSqs?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
