import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TERRAFORM_DIR, moduleDirs } from '../lib/hcl.js';

/** The terraform binary on PATH, or undefined where it is not installed. */
const terraformBinary = ((): string | undefined => {
  const found = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  return found.status === 0 ? 'terraform' : undefined;
})();

/** `terraform fmt -check -recursive <dir>`: the exit status and the files it would rewrite. */
function fmtCheck(dir: string): { status: number | null; files: string } {
  const run = spawnSync(terraformBinary!, ['fmt', '-check', '-recursive', dir], {
    encoding: 'utf8',
    // No CLI configuration is needed for fmt; an empty one silences the missing ~/.terraformrc warning.
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  return { status: run.status, files: run.stdout.trim() };
}

/**
 * Where Terraform is not installed, the subset of `terraform fmt` that needs no parser: two-space
 * indentation without tabs, no trailing whitespace, one final newline.
 */
function basicFormatProblems(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/\t/.test(line)) problems.push(`${file}:${i + 1}: tab`);
    if (/\s+$/.test(line)) problems.push(`${file}:${i + 1}: trailing whitespace`);
  });
  if (!text.endsWith('\n') || text.endsWith('\n\n'))
    problems.push(`${file}: must end with exactly one newline`);
  return problems;
}

describe('formatting of terraform/', () => {
  if (terraformBinary !== undefined) {
    it('passes terraform fmt -check -recursive', () => {
      const result = fmtCheck(TERRAFORM_DIR);
      expect(result.files).toBe('');
      expect(result.status).toBe(0);
    });

    it('fails terraform fmt -check on a badly formatted file, naming it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'tf-fmt-'));
      try {
        writeFileSync(
          join(dir, 'ugly.tf'),
          'resource "aws_sqs_queue" "this" {\nname="ugly"\n    fifo_queue = false\n}\n',
        );
        const result = fmtCheck(dir);
        expect(result.status).not.toBe(0);
        expect(result.files).toContain('ugly.tf');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it('has no tabs, trailing whitespace or missing final newline (terraform is not installed here)', () => {
      const files = moduleDirs(TERRAFORM_DIR).flatMap((dir) =>
        readdirSync(dir)
          .filter((name) => name.endsWith('.tf'))
          .map((name) => join(dir, name)),
      );
      const problems = files.flatMap(basicFormatProblems);
      expect(problems).toEqual([]);
    });
  }

  it('without terraform, still finds tabs, trailing whitespace and a missing final newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-basic-'));
    try {
      const file = join(dir, 'ugly.tf');
      writeFileSync(file, 'resource "aws_sqs_queue" "this" {\n\tname = "ugly"  \n}');
      expect(basicFormatProblems(file)).toEqual([
        `${file}:2: tab`,
        `${file}:2: trailing whitespace`,
        `${file}: must end with exactly one newline`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
