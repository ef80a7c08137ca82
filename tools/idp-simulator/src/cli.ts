// The IDP simulator on its own: `tsx --tsconfig tsconfig.base.json tools/idp-simulator/src/cli.ts --endpoint <url>`.
// `npm start` runs it next to the local cloud (tools/local-cloud/src/cli.ts).
import { parseArgs } from 'node:util';
import { SimulatorConfigError } from './errors.js';
import { startIdpSimulator } from './simulator.js';

const USAGE = `Usage: idp-simulator --endpoint <AWS_ENDPOINT_URL> [options]

  --endpoint            the local cloud's edge endpoint; AWS_ENDPOINT_URL by default (npm start passes its own)
  --region              AWS_REGION, or us-east-1
  --port                port on 127.0.0.1; a free one by default
  --environment         names functions, token parameters and the bucket (<env>-proof-address, …); local
  --qualifier           the alias or version to invoke (the IDP's GIT_REF alias); unqualified by default
  --result-timeout-ms   how long the waiting page waits for a result; 60000
  --quiet               no request log`;

function wholeNumber(
  value: string | undefined,
  flag: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > max)
    throw new SimulatorConfigError(`${flag} must be a whole number, not "${value}"`);
  return number;
}

function endpointFromParent(): Promise<string | undefined> {
  return new Promise((resolve) => {
    process.once('message', (message: { endpoint?: string }) => resolve(message.endpoint));
    process.once('disconnect', () => resolve(undefined));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      port: { type: 'string' },
      environment: { type: 'string' },
      qualifier: { type: 'string' },
      'result-timeout-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Started by `npm start` (an IPC channel): the parent sends its edge endpoint once it listens.
  const endpoint =
    values.endpoint ??
    (process.send === undefined ? process.env.AWS_ENDPOINT_URL : await endpointFromParent());
  if (endpoint === undefined) throw new SimulatorConfigError('Pass --endpoint or set AWS_ENDPOINT_URL');
  if (!/^https?:\/\//.test(endpoint))
    throw new SimulatorConfigError(`--endpoint must be an http(s) URL, not "${endpoint}"`);
  const port = wholeNumber(values.port, '--port', 65535);
  const resultTimeoutMs = wholeNumber(values['result-timeout-ms'], '--result-timeout-ms');

  const simulator = await startIdpSimulator({
    aws: {
      endpoint,
      region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
      // The local cloud checks no signature; real keys from the environment win when they are set.
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    },
    ...(values.environment === undefined ? {} : { environment: values.environment }),
    ...(values.qualifier === undefined ? {} : { qualifier: values.qualifier }),
    ...(port === undefined ? {} : { port }),
    ...(resultTimeoutMs === undefined ? {} : { resultTimeoutMs }),
    ...(values.quiet === true ? {} : { log: (line: string) => console.log(line) }),
  });
  if (process.send === undefined) {
    console.log(`IDP simulator: ${simulator.url}/ (jobs in ${endpoint}); Ctrl-C to stop`);
  } else {
    // Started by `npm start`, which prints the URL: tell it, and stop when it goes away.
    process.send({ idpSimulatorUrl: simulator.url });
    process.on('disconnect', () => void stop());
  }

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    await simulator.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`idp-simulator: ${(error as Error).message}`);
  if (
    error instanceof SimulatorConfigError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(USAGE);
  }
  process.exit(1);
});
