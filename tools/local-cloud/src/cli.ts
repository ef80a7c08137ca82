// `npm start`: the whole system on 127.0.0.1, in the foreground, until Ctrl-C.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot, startCloud, type LocalCloud } from './cloud.js';
import { loadWorkspaceServices } from './workspace-services.js';

const USAGE = `Usage: npm start -- [--port <edge port>] [--http-port <port>] [--data <dir>] [--idp-port <port>]

  --port              edge endpoint port (AWS_ENDPOINT_URL); a free port by default
  --http-port         HTTP API port; a free port by default
  --data              keep DynamoDB tables, SSM parameters and secrets in <dir> across restarts
                      (in memory by default; S3 objects and SQS messages always are)
  --idp-port          the IDP simulator's port; a free port by default
  --no-idp-simulator  do not start the IDP simulator (tools/idp-simulator)`;

function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} must be a port number, not "${value}"`);
  return port;
}

/**
 * The IDP simulator runs in its own process, as the IDP is its own application. It is started by path rather than
 * imported: its tests start this local cloud, so an import would make the two projects depend on each other. It
 * loads while the cloud starts, and is told the edge endpoint once that listens.
 */
function spawnIdpSimulator(port: number | undefined) {
  const root = findWorkspaceRoot();
  const args = [join(root, 'tools/idp-simulator/src/cli.ts')];
  if (port !== undefined) args.push('--port', String(port));
  // The same Node flags (tsx's loader) and the workspace's import aliases.
  const child = spawn(process.execPath, [...process.execArgv, ...args], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[idp-simulator] ${line}`));
  }
  const ready = (endpoint: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('not ready within 20 s'));
      }, 20_000);
      child.once('message', (message: { idpSimulatorUrl?: string }) => {
        clearTimeout(timer);
        resolve(`${message.idpSimulatorUrl}/`);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code}`));
      });
      child.send({ endpoint });
    });
  return { child, ready };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'http-port': { type: 'string' },
      data: { type: 'string' },
      'idp-port': { type: 'string' },
      'no-idp-simulator': { type: 'boolean' },
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
  const idpPort = parsePort(values['idp-port'], '--idp-port');
  const simulator = values['no-idp-simulator'] === true ? undefined : spawnIdpSimulator(idpPort);
  console.log('Starting the local cloud...');
  const cloud: LocalCloud = await startCloud({
    services: await loadWorkspaceServices(findWorkspaceRoot()),
    skipMissingApps: true,
    progress: (message) => console.log(`  ${message} (${Math.round(performance.now() - started)} ms)`),
    ...(port === undefined ? {} : { port }),
    ...(httpPort === undefined ? {} : { httpPort }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
  }).catch((error: unknown) => {
    simulator?.child.kill();
    throw error;
  });
  // The cloud's own start-up; the simulator has been loading meanwhile and is usually ready by now.
  const elapsed = Math.round(performance.now() - started);
  // Without the simulator the local cloud is still of use: say why, and go on.
  const simulatorUrl = await simulator?.ready(cloud.endpoint).catch((error: unknown) => {
    console.error(`IDP simulator not started: ${(error as Error).message}`);
    return undefined;
  });
  console.log(
    [
      `Local cloud ready in ${elapsed} ms`,
      `  Edge endpoint (AWS_ENDPOINT_URL): ${cloud.endpoint}`,
      `  HTTP API base URL:                ${cloud.httpApiUrl}`,
      `  SES inbox:                        ${cloud.sesUrl}/`,
      `  SMS outbox:                       ${cloud.smsUrl}`,
      `  OAuth 2.0 issuer (JWT):           ${cloud.oauthIssuerUrl}  (token endpoint: /oauth2/token)`,
      `  reCAPTCHA siteverify stand-in:    ${cloud.recaptchaVerifyUrl}  (tokens: POST /_local-cloud/recaptcha/tokens)`,
      `  API reference (OpenAPI, HTML):    ${cloud.httpApiUrl}/docs/api/`,
      `  IDP simulator:                    ${simulatorUrl ?? '(not started)'}`,
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
    const simulatorExited = new Promise<void>((resolve) => {
      const child = simulator?.child;
      if (child === undefined || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    Promise.all([cloud.stop(), simulatorExited]).then(
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
