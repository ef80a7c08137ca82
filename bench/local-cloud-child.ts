// Runs in a fresh process started as `npm start` starts the local cloud (tsx with the workspace's
// tsconfig), once per start-up measurement: starts the local cloud with every service of the
// workspace, stops it, and prints one JSON line per phase on stdout for bench/local-cloud.ts.
import { performance } from 'node:perf_hooks';
import { startCloud } from '@backend/local-cloud';
import { SERVICES } from '@backend/services';

// performance.now() counts from this process's start: Node's and tsx's start-up and the static imports.
const loadMs = performance.now();
const cloud = await startCloud({ services: SERVICES, skipMissingApps: true, log: () => undefined });
const ready = performance.now();
process.stdout.write(
  `${JSON.stringify({ phase: 'ready', loadMs, startMs: ready - loadMs, functions: cloud.runtime.names() })}\n`,
);
await cloud.stop();
process.stdout.write(`${JSON.stringify({ phase: 'stopped', stopMs: performance.now() - ready })}\n`);
process.exit(0);
