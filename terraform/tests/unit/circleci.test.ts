// CircleCI cannot run here: this reads .circleci/config.yml and holds it to the delivery promises of
// terraform/README.md (one build promoted, plan then apply per environment, approval of prod's plan,
// serialized applies, explicit rollbacks, real Terraform checks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../lib/checks.js';
import { REPO_ROOT } from '../lib/hcl.js';

type Step = string | Record<string, unknown>;
interface Job {
  executor?: string;
  parameters?: Record<string, unknown>;
  steps: Step[];
}
interface WorkflowJob {
  job: string;
  name: string;
  requires: string[];
  context: string[];
  params: Record<string, unknown>;
}
interface Config {
  executors: Record<string, { docker: { image: string }[] }>;
  commands: Record<string, { steps: Step[] }>;
  jobs: Record<string, Job>;
  workflows: Record<string, { when?: unknown; jobs: (string | Record<string, Record<string, unknown>>)[] }>;
}

const config = parse(readFileSync(join(REPO_ROOT, '.circleci', 'config.yml'), 'utf8')) as Config;

/** A workflow's jobs, each with its invocation name, requires and context. */
function workflow(name: string): WorkflowJob[] {
  const found = config.workflows[name];
  if (found === undefined) throw new Error(`no workflow ${name}`);
  return found.jobs.map((entry) => {
    if (typeof entry === 'string') return { job: entry, name: entry, requires: [], context: [], params: {} };
    const [job, params] = Object.entries(entry)[0] as [string, Record<string, unknown>];
    return {
      job,
      name: typeof params.name === 'string' ? params.name : job,
      requires: (params.requires as string[] | undefined) ?? [],
      context: (params.context as string[] | undefined) ?? [],
      params,
    };
  });
}

const named = (jobs: WorkflowJob[], name: string): WorkflowJob => {
  const found = jobs.find((j) => j.name === name);
  if (found === undefined) throw new Error(`no job named ${name}`);
  return found;
};

/** Whether `name` runs after `before` in the workflow (transitively through requires). */
function after(jobs: WorkflowJob[], name: string, before: string): boolean {
  const seen = new Set<string>();
  const visit = (current: string): boolean => {
    if (seen.has(current)) return false;
    seen.add(current);
    return named(jobs, current).requires.some((r) => r === before || visit(r));
  };
  return visit(name);
}

/** Every shell command of a job, its commands' steps included. */
function commandsOf(jobName: string): string {
  const job = config.jobs[jobName];
  if (job === undefined) throw new Error(`no job ${jobName}`);
  const texts: string[] = [];
  const walk = (steps: Step[]): void => {
    for (const step of steps) {
      if (typeof step === 'string') {
        if (config.commands[step] !== undefined) walk(config.commands[step].steps);
        texts.push(step);
        continue;
      }
      for (const [key, value] of Object.entries(step)) {
        if (key === 'run')
          texts.push(typeof value === 'string' ? value : String((value as { command: string }).command));
        else if (config.commands[key] !== undefined) walk(config.commands[key].steps);
        else if (key === 'unless' || key === 'when') walk((value as { steps: Step[] }).steps);
        else texts.push(JSON.stringify({ [key]: value }));
      }
    }
  };
  walk(job.steps);
  return texts.join('\n');
}

describe('.circleci/config.yml', () => {
  const main = workflow('main');
  const branch = workflow('branch');

  it('builds once per commit and publishes those bytes to every account, verified against the build', () => {
    expect(commandsOf('build')).toMatch(/nx run-many -t package/);
    expect(commandsOf('build')).toMatch(/persist_to_workspace.*dist\/artifacts/);
    const publish = commandsOf('publish');
    expect(publish).not.toMatch(/-t package/);
    expect(publish).toMatch(/attach_workspace/);
    expect(publish).toMatch(
      /verify --ref "\$CIRCLE_SHA1" .*\n?.*--build-manifest "dist\/artifacts\/manifest-\$CIRCLE_SHA1\.json"/,
    );
    for (const env of ENVIRONMENTS) {
      const job = named(main, `publish-${env}`);
      expect(job.requires).toEqual(['build']);
      expect(job.context).toEqual([`artifacts-${env}`]);
    }
    expect(main.filter((j) => j.job === 'build')).toHaveLength(1);
  });

  it('plans every environment with its own context, on branches (speculative) and on main', () => {
    for (const env of ENVIRONMENTS) {
      const branchPlan = named(branch, `plan-${env}`);
      expect(branchPlan.context).toEqual([`terraform-plan-${env}`]);
      expect(branchPlan.params.speculative).toBe(true);
      const mainPlan = named(main, `plan-${env}`);
      expect(mainPlan.context).toEqual([`terraform-${env}`]);
      expect(mainPlan.params.speculative).toBeUndefined();
    }
    expect(commandsOf('plan')).toMatch(/-var-file=\$PWD\/dist\/artifacts\/branch-plan\.tfvars\.json/);
    // A branch plan cannot decrypt (no refresh of data's SecureStrings) and writes nothing (no lock).
    expect(commandsOf('plan')).toMatch(/data_flags="-refresh=false -lock=false"/);
    expect(commandsOf('build')).toMatch(
      /release\/src\/cli\.ts tfvars --ref "\$CIRCLE_SHA1" > dist\/artifacts\/branch-plan\.tfvars\.json/,
    );
  });

  it('keeps the plan files as artifacts and applies exactly them', () => {
    const plan = commandsOf('plan');
    expect(plan).toMatch(/plan .*-out="\$plans\/data\.tfplan"/);
    expect(plan).toMatch(/-out="\$plans\/compute\.tfplan"/);
    expect(plan).toMatch(/persist_to_workspace.*plans\/<< parameters\.environment >>/);
    expect(plan).toMatch(/store_artifacts.*compute\.txt/);
    const apply = commandsOf('apply');
    expect(apply).toMatch(/apply -input=false .*"\$plans\/\$layer\.tfplan"/);
    expect(apply).not.toMatch(/-auto-approve|-var /);
    expect(apply).toMatch(/attach_workspace/);
  });

  it('deploys the environments in order, each plan after the previous environment is confirmed', () => {
    for (const [index, env] of ENVIRONMENTS.entries()) {
      expect(after(main, `apply-${env}`, `plan-${env}`)).toBe(true);
      expect(after(main, `apply-${env}`, `gate-${env}`)).toBe(true);
      expect(named(main, `confirm-${env}`).requires).toEqual([`apply-${env}`]);
      const previous = ENVIRONMENTS[index - 1];
      if (previous !== undefined)
        expect(named(main, `plan-${env}`).requires).toContain(`confirm-${previous}`);
    }
  });

  it('asks for an approval after the prod plan, and applies prod only after it', () => {
    const approval = main.find((j) => j.params.type === 'approval');
    expect(approval?.name).toBe('approve-prod');
    expect(after(main, 'approve-prod', 'plan-prod')).toBe(true);
    expect(named(main, 'apply-prod').requires).toEqual(['approve-prod']);
    expect(main.filter((j) => j.params.type === 'approval')).toHaveLength(1);
  });

  it('serializes applies per environment across pipelines', () => {
    for (const env of ENVIRONMENTS) {
      expect(named(main, `apply-${env}`).params['serial-group']).toBe(
        `<< pipeline.project.slug >>/deploy-${env}`,
      );
    }
    expect(named(workflow('rollback'), 'apply-rollback').params['serial-group']).toBe(
      '<< pipeline.project.slug >>/deploy-<< pipeline.parameters.rollback_environment >>',
    );
  });

  it('refuses a SHA that does not descend from the deployed one, except in the rollback workflow', () => {
    expect(commandsOf('gate')).toMatch(/check-ancestry/);
    expect(commandsOf('plan')).toMatch(/output -raw git_ref > "\$plans\/deployed-ref"/);
    for (const env of ENVIRONMENTS) expect(named(main, `gate-${env}`).params.rollback).toBeUndefined();
    const rollback = workflow('rollback');
    expect(named(rollback, 'gate-rollback').params.rollback).toBe(true);
    expect(after(rollback, 'apply-rollback', 'approve-rollback')).toBe(true);
    expect(after(rollback, 'approve-rollback', 'gate-rollback')).toBe(true);
  });

  it('checks the Terraform with the binary (fmt, init -backend=false, validate) and tflint', () => {
    expect(config.executors.terraform?.docker[0]?.image).toMatch(/^hashicorp\/terraform:\d+\.\d+\.\d+$/);
    const checks = commandsOf('terraform-checks');
    expect(checks).toMatch(/terraform fmt -check -recursive/);
    expect(checks).toMatch(/init -backend=false/);
    expect(checks).toMatch(/validate/);
    expect(checks).toMatch(
      /terraform\/global terraform\/environments\/\*\/data terraform\/environments\/\*\/compute/,
    );
    expect(commandsOf('tflint')).toMatch(/tflint --chdir=.*--config="\$PWD\/terraform\/\.tflint\.hcl"/);
    for (const jobs of [main, branch]) {
      expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['terraform-checks', 'tflint']));
    }
    expect(after(main, 'plan-sandbox', 'tflint')).toBe(true);
  });

  it('runs exactly one of the branch, main and rollback workflows for a pipeline', () => {
    expect(Object.keys(config.workflows).sort()).toEqual(['branch', 'main', 'rollback']);
    const conditions = JSON.stringify([
      config.workflows.branch?.when,
      config.workflows.main?.when,
      config.workflows.rollback?.when,
    ]);
    expect(conditions.match(/pipeline\.parameters\.rollback_ref/g)).toHaveLength(3);
  });
});
