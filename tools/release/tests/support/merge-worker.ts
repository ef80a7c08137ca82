// Merges `count` manifest entries into one manifest, as one of several parallel `nx package` runs.
import { mergeManifestEntry } from '../../src/index.js';

const [path, ref, prefix, count] = process.argv.slice(2) as [string, string, string, string];
const sha256 = Buffer.alloc(32, 7).toString('base64');
for (let i = 0; i < Number(count); i++) {
  await mergeManifestEntry(path, ref, {
    app: `${prefix}-${i}`,
    handler: 'handler.handler',
    runtime: 'nodejs22.x',
    bytes: 100 + i,
    sha256,
  });
}
