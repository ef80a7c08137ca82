// Runs inside each function's worker thread: loads the bundle once (init), then serves invocations the way
// Lambda's Node.js runtime calls a handler. Plain JavaScript so it runs without a TypeScript loader.
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled(true);

const { bundlePath, handlerName } = workerData;
let handler;

function errorPayload(error, errorType) {
  if (error instanceof Error) {
    return {
      errorType: errorType ?? error.name ?? 'Error',
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: errorType ?? typeof error, errorMessage: String(error), trace: [] };
}

async function init() {
  let module;
  try {
    module = await import(pathToFileURL(bundlePath).href);
  } catch (error) {
    return errorPayload(error, 'Runtime.ImportModuleError');
  }
  handler = module[handlerName];
  if (typeof handler !== 'function') {
    return {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: `${handlerName} is undefined or not exported`,
      trace: [],
    };
  }
  return undefined;
}

// Callback-style handlers (three parameters) are still supported by nodejs22.x.
function callHandler(event, context) {
  if (handler.length < 3) return handler(event, context);
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
  });
}

parentPort.on('message', async (message) => {
  if (message.type === 'init') {
    parentPort.postMessage({ type: 'init', error: await init() });
    return;
  }
  const { id, event, context: meta } = message;
  process.env._X_AMZN_TRACE_ID = meta.traceId;
  const context = {
    ...meta,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, meta.deadline - Date.now()),
  };
  try {
    const result = await callHandler(JSON.parse(event), context);
    parentPort.postMessage({
      type: 'result',
      id,
      payload: JSON.stringify(result === undefined ? null : result),
    });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id, error: errorPayload(error) });
  }
});
