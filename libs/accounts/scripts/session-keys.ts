// The session keyring's rotation steps for the runbook (docs/runbooks/rotate-secrets.md). Reads the current keyring
// on stdin and writes the next one on stdout, so that no key touches the disk or the terminal:
//   new      a keyring of one fresh key (the first deploy; stdin is not read)
//   add      a fresh key beside the current one: it verifies, does not sign yet
//   promote  the added key signs
//   retire   only the current key is kept
// Prints the key ids (never a key) to stderr.
import { newSessionKeyringDocument, parseSessionKeyring, rotateSessionKeyring } from '../src/index.js';

const step = process.argv[2];
const steps = ['new', 'add', 'promote', 'retire'] as const;
if (!steps.includes(step as (typeof steps)[number])) {
  process.stderr.write(`usage: session-keys.ts ${steps.join('|')} < current-keyring > next-keyring\n`);
  process.exit(2);
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
};

const next =
  step === 'new'
    ? newSessionKeyringDocument()
    : rotateSessionKeyring(await readStdin(), step as 'add' | 'promote' | 'retire');
const keyring = parseSessionKeyring(next);
process.stderr.write(`current ${keyring.current}; keys ${[...keyring.publicKeys.keys()].join(', ')}\n`);
process.stdout.write(next);
