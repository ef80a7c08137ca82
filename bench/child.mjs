// Runs in a fresh Node process, without tsx or any loader, once per measurement: loads one
// variant's handler module, optionally invokes it once, and writes the timings to fd 3.
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [file, format, invocationFile] = process.argv.slice(2);

const cpuStart = process.cpuUsage();
const started = performance.now();
// CommonJS is loaded with require, as Lambda's runtime does; ES modules with import().
const loadedModule = format === 'cjs' ? createRequire(file)(file) : await import(pathToFileURL(file).href);
const loaded = performance.now();
// CPU time of all the process's threads: less disturbed than wall time when the machine is busy.
const cpu = process.cpuUsage(cpuStart);

let invokeMs = null;
let invokeCpuMs = null;
let outcome = 'not invoked';
if (invocationFile) {
  const { event, functionName } = JSON.parse(readFileSync(invocationFile, 'utf8'));
  const deadline = Date.now() + 30_000;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'bench-request',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  const handler = loadedModule.handler;
  if (typeof handler !== 'function') throw new Error(`${file} exports no handler function`);
  const invokeCpuStart = process.cpuUsage();
  const result = await handler(event, context);
  invokeMs = performance.now() - loaded;
  const invokeCpu = process.cpuUsage(invokeCpuStart);
  invokeCpuMs = (invokeCpu.user + invokeCpu.system) / 1000;
  outcome = JSON.stringify(result ?? null).slice(0, 200);
}

writeSync(
  3,
  JSON.stringify({
    loadMs: loaded - started,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    invokeMs,
    invokeCpuMs,
    outcome,
  }),
);
// Keep-alive sockets of SDK clients would hold the process open; the measurement is done.
process.exit(0);
