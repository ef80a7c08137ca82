// `npm start`: the whole system on 127.0.0.1, in the foreground, until Ctrl-C.
import { parseArgs } from 'node:util';
import { startCloud, type LocalCloud } from './cloud.js';
import { SERVICES } from './services/index.js';

const USAGE = `Usage: npm start -- [--port <edge port>] [--http-port <port>] [--data <dir>]

  --port       edge endpoint port (AWS_ENDPOINT_URL); a free port by default
  --http-port  HTTP API port; a free port by default
  --data       keep DynamoDB tables, SSM parameters and secrets in <dir> across restarts
               (in memory by default; S3 objects and SQS messages always are)`;

function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} must be a port number, not "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'http-port': { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  // Functions run on nodejs22.x in AWS; the SDK's warning about the local Node 20 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  const started = performance.now();
  const port = parsePort(values.port, '--port');
  const httpPort = parsePort(values['http-port'], '--http-port');
  const cloud: LocalCloud = await startCloud({
    services: SERVICES,
    skipMissingApps: true,
    ...(port === undefined ? {} : { port }),
    ...(httpPort === undefined ? {} : { httpPort }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
  });
  const elapsed = Math.round(performance.now() - started);
  console.log(
    [
      `Local cloud ready in ${elapsed} ms`,
      `  Edge endpoint (AWS_ENDPOINT_URL): ${cloud.endpoint}`,
      `  HTTP API base URL:                ${cloud.httpApiUrl}`,
      `  SES inbox:                        ${cloud.sesUrl}/`,
      `  Functions:                        ${cloud.runtime.names().join(', ') || '(none)'}`,
      `  State:                            ${values.data === undefined ? 'in memory' : `kept in ${values.data}`}`,
      '',
      `  export AWS_ENDPOINT_URL=${cloud.endpoint} AWS_REGION=${cloud.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C does not wait for a clean shutdown.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`local cloud: ${(error as Error).message}`);
  if (error instanceof TypeError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(USAGE);
  }
  process.exit(1);
});
