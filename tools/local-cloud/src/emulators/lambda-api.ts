import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJsonError } from '../edge/aws-errors.js';
import { PayloadTooLargeError, readBody } from '../edge/body.js';
import type { FunctionRuntime } from '../runtime/function-runtime.js';

/** What the Lambda control plane shows besides the functions themselves. */
export interface LambdaCatalog {
  readonly runtime: FunctionRuntime;
  /**
   * The aliases every function has, as `terraform/modules/function` makes them: `live` and the first 10
   * characters of the deployed git SHA; both point at version 1, the one build the local cloud runs.
   */
  readonly aliases: () => readonly string[];
  /** The SQS event source mappings, by function name. */
  readonly eventSourceMappings: () => readonly {
    readonly functionName: string;
    describe(arn: string): EventSourceMapping;
  }[];
}

interface EventSourceMapping {
  readonly UUID: string;
  readonly EventSourceArn: string;
  readonly FunctionArn: string;
  readonly [field: string]: unknown;
}

const PUBLISHED_VERSION = '1';
const VERSIONS_PATH = /^\/2015-03-31\/functions\/([^/]+)\/versions\/?$/;
const ALIASES_PATH = /^\/2015-03-31\/functions\/([^/]+)\/aliases(?:\/([^/]+))?\/?$/;
const MAPPINGS_PATH = /^\/2015-03-31\/event-source-mappings(?:\/([^/]+))?\/?$/;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const FUNCTION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/?$/;
// `$LATEST`, a version number, or an alias name (the IDP invokes the alias named after a git SHA).
const QUALIFIER = /^(\$LATEST|[0-9]+|[a-zA-Z0-9_-]+)$/;
const SYNC_LIMIT = 6 * 1024 * 1024;
const ASYNC_LIMIT = 1024 * 1024;

function jsonError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJsonError(res, status, type, message, 'application/json');
}

/** `name`, `name:qualifier`, `arn:aws:lambda:<region>:<account>:function:name[:qualifier]` or a partial ARN. */
function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  const at = parts.indexOf('function');
  const rest = at >= 0 ? parts.slice(at + 1) : parts;
  return rest.length > 1 ? { name: rest[0]!, qualifier: rest[1]! } : { name: rest[0]! };
}

/**
 * The Lambda REST API for the deployed functions: Invoke, GetFunction, ListFunctions, and what a runbook reads:
 * ListVersionsByFunction, ListAliases, GetAlias, ListEventSourceMappings, GetEventSourceMapping.
 */
export async function serveLambdaApi(
  catalog: LambdaCatalog,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { runtime } = catalog;
  const url = new URL(req.url ?? '/', 'http://local');
  if (req.method === 'GET' && serveCatalog(catalog, url, res)) return;
  const invoke = INVOKE_PATH.exec(url.pathname);
  if (invoke !== null && req.method === 'POST') {
    await handleInvoke(runtime, decodeURIComponent(invoke[1]!), url, req, res);
    return;
  }
  const fn = FUNCTION_PATH.exec(url.pathname);
  if (fn !== null && req.method === 'GET') {
    const { name } = parseFunctionName(decodeURIComponent(fn[1]!));
    if (!runtime.has(name)) {
      jsonError(res, 404, 'ResourceNotFoundException', `Function not found: ${runtime.arn(name)}`);
      return;
    }
    sendJson(res, 200, { Configuration: configuration(runtime, name) });
    return;
  }
  if (/^\/2015-03-31\/functions\/?$/.test(url.pathname) && req.method === 'GET') {
    sendJson(res, 200, { Functions: runtime.names().map((name) => configuration(runtime, name)) });
    return;
  }
  jsonError(
    res,
    400,
    'UnknownOperationException',
    `The local cloud does not emulate ${req.method} ${url.pathname}`,
  );
}

/** Answers the read-only catalogue operations; false when the path is none of them. */
function serveCatalog(catalog: LambdaCatalog, url: URL, res: ServerResponse): boolean {
  const { runtime } = catalog;
  const known = (raw: string): string | undefined => {
    const { name } = parseFunctionName(decodeURIComponent(raw));
    if (runtime.has(name)) return name;
    jsonError(res, 404, 'ResourceNotFoundException', `Function not found: ${runtime.arn(name)}`);
    return undefined;
  };
  const alias = (name: string, aliasName: string) => ({
    AliasArn: runtime.arn(name, aliasName),
    Name: aliasName,
    FunctionVersion: PUBLISHED_VERSION,
    Description: '',
  });

  const versions = VERSIONS_PATH.exec(url.pathname);
  if (versions !== null) {
    const name = known(versions[1]!);
    if (name !== undefined) {
      const latest = configuration(runtime, name);
      const published = {
        ...latest,
        Version: PUBLISHED_VERSION,
        FunctionArn: runtime.arn(name, PUBLISHED_VERSION),
      };
      sendJson(res, 200, { Versions: [latest, published] });
    }
    return true;
  }
  const aliases = ALIASES_PATH.exec(url.pathname);
  if (aliases !== null) {
    const name = known(aliases[1]!);
    if (name === undefined) return true;
    const wanted = aliases[2] === undefined ? undefined : decodeURIComponent(aliases[2]);
    if (wanted === undefined) sendJson(res, 200, { Aliases: catalog.aliases().map((a) => alias(name, a)) });
    else if (catalog.aliases().includes(wanted)) sendJson(res, 200, alias(name, wanted));
    else jsonError(res, 404, 'ResourceNotFoundException', `Alias not found: ${runtime.arn(name, wanted)}`);
    return true;
  }
  const mappings = MAPPINGS_PATH.exec(url.pathname);
  if (mappings !== null) {
    const all = catalog.eventSourceMappings().map((m) => m.describe(runtime.arn(m.functionName)));
    if (mappings[1] !== undefined) {
      const one = all.find((m) => m.UUID === decodeURIComponent(mappings[1]!));
      if (one === undefined) {
        jsonError(res, 404, 'ResourceNotFoundException', 'The resource you requested does not exist.');
      } else sendJson(res, 200, one);
      return true;
    }
    const fnFilter = url.searchParams.get('FunctionName');
    const sourceFilter = url.searchParams.get('EventSourceArn');
    const fnName = fnFilter === null ? undefined : parseFunctionName(fnFilter).name;
    sendJson(res, 200, {
      EventSourceMappings: all.filter(
        (m) =>
          (fnName === undefined || m.FunctionArn === runtime.arn(fnName)) &&
          (sourceFilter === null || m.EventSourceArn === sourceFilter),
      ),
    });
    return true;
  }
  return false;
}

function configuration(runtime: FunctionRuntime, name: string) {
  const fn = runtime.describe(name);
  return {
    FunctionName: name,
    FunctionArn: runtime.arn(name),
    Runtime: 'nodejs22.x',
    Handler: `index.${fn.handlerName}`,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMb,
    Version: '$LATEST',
    State: 'Active',
    PackageType: 'Zip',
    Environment: { Variables: fn.environment },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function handleInvoke(
  runtime: FunctionRuntime,
  rawName: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { name, qualifier: inName } = parseFunctionName(rawName);
  const inQuery = url.searchParams.get('Qualifier') ?? undefined;
  if (inName !== undefined && inQuery !== undefined && inName !== inQuery) {
    jsonError(
      res,
      400,
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
    return;
  }
  const qualifier = inName ?? inQuery;
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) {
    jsonError(res, 400, 'ValidationException', `Qualifier ${qualifier} is not a version or an alias name`);
    return;
  }
  const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
    jsonError(res, 400, 'InvalidParameterValueException', `Unknown invocation type ${invocationType}`);
    return;
  }
  if (!runtime.has(name)) {
    jsonError(res, 404, 'ResourceNotFoundException', `Function not found: ${runtime.arn(name, qualifier)}`);
    return;
  }
  let payload: string;
  try {
    const body = await readBody(req, invocationType === 'Event' ? ASYNC_LIMIT : SYNC_LIMIT);
    payload = body.length === 0 ? '{}' : body.toString('utf8');
    JSON.parse(payload);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      jsonError(
        res,
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${error.limit} bytes for the InvokeFunction operation`,
      );
    } else {
      jsonError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    return;
  }
  if (invocationType === 'DryRun') {
    res.writeHead(204).end();
    return;
  }
  if (invocationType === 'Event') {
    const requestId = runtime.invokeAsync(name, payload, qualifier);
    res.writeHead(202, { 'x-amzn-requestid': requestId, 'content-length': 0 }).end();
    return;
  }
  const result = await runtime.invoke(name, payload, qualifier);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(result.payload)),
    'x-amzn-requestid': result.requestId,
    'x-amz-executed-version': '$LATEST',
  };
  if (result.error !== undefined) headers['x-amz-function-error'] = 'Unhandled';
  res.writeHead(200, headers);
  res.end(result.payload);
}
