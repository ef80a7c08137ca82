import type { CliEnvironment } from '../../src/index.js';

export type RecordingCli = CliEnvironment & { stdout: string[]; stderr: string[] };

const noS3Client: CliEnvironment['createS3Client'] = () => {
  throw new Error('no S3 client may be created for this command line');
};

/** A CLI environment that records what a command prints; no S3 client unless one is given. */
export function recordingCli(
  workspaceRoot: string,
  createS3Client: CliEnvironment['createS3Client'] = noS3Client,
): RecordingCli {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    workspaceRoot,
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    createS3Client,
  };
}
