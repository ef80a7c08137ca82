import { expandForEach } from '@backend/testing';
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCAL_ENVIRONMENT, type ServiceDeclaration } from '@backend/contracts';
import { findWorkspaceRoot } from '@backend/local-cloud';
import { SERVICES } from '../../src/index.js';

// The local declarations and the Terraform of each service must name the same resources: a rename, a new
// environment variable or a changed DLQ on one side only fails here.
const ROOT = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
const TERRAFORM = join(ROOT, 'terraform');

type Body = Record<string, unknown>;
interface Module {
  modules: Record<string, Body>;
  locals: Body;
  variables: Record<string, Body>;
  resources: Record<string, Body>;
}

async function loadModule(dir: string): Promise<Module> {
  const merged: Module = { modules: {}, locals: {}, variables: {}, resources: {} };
  const calls: Record<string, Body> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.tf'))) {
    const json = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as Record<
      string,
      Record<string, Body[]> | Body[]
    >;
    for (const [name, [body]] of Object.entries((json['module'] ?? {}) as Record<string, Body[]>))
      calls[name] = body!;
    for (const [name, [body]] of Object.entries((json['variable'] ?? {}) as Record<string, Body[]>))
      merged.variables[name] = body!;
    for (const locals of (json['locals'] ?? []) as Body[]) Object.assign(merged.locals, locals);
    const resources = (json['resource'] ?? {}) as unknown as Record<string, Record<string, Body[]>>;
    for (const [type, byName] of Object.entries(resources))
      for (const [name, [body]] of Object.entries(byName)) merged.resources[`${type}.${name}`] = body!;
  }
  // A call with for_each over a local map is one call per key (`functions["proof-address"]`), read as a single block.
  for (const [name, body] of Object.entries(calls))
    for (const instance of expandForEach(name, body, merged.locals))
      merged.modules[instance.name] = instance.body;
  return merged;
}

/**
 * `${var.environment}-x` -> `local-x`, `${local.name}` -> that local's value, resolved the same way; a reference
 * this test cannot resolve fails loudly.
 */
function resolveName(value: unknown, where: string, locals: Body = {}): string {
  const text = String(value)
    .replace(/\$\{local\.([a-z0-9_]+)\}/g, (ref, name: string) =>
      typeof locals[name] === 'string' ? (locals[name] as string) : ref,
    )
    .replaceAll('${var.environment}', LOCAL_ENVIRONMENT);
  if (text.includes('${')) throw new Error(`${where}: cannot resolve ${text}`);
  return text;
}

function variableDefault(module: Module, name: string): unknown {
  return module.variables[name]?.['default'];
}

function moduleOf(body: Body, kind: string): boolean {
  return body['source'] === `../../modules/${kind}`;
}

/**
 * What one Terraform module built from terraform/modules declares (a service composition under
 * terraform/services/, or terraform/stacks/data), in the shape of a ServiceDeclaration.
 */
async function fromTerraform(dir: string) {
  const module = await loadModule(dir);
  const queueModule = await loadModule(join(TERRAFORM, 'modules', 'queue'));
  const functionModule = await loadModule(join(TERRAFORM, 'modules', 'function'));
  // modules/function maps every SQS event source with or without partial batch responses, never per source.
  const reportsBatchItemFailures = (
    (functionModule.resources['aws_lambda_event_source_mapping.sqs']?.['function_response_types'] ??
      []) as string[]
  ).includes('ReportBatchItemFailures');
  const calls = Object.entries(module.modules);
  const name = (body: Body, where: string) => resolveName(body['name'], where, module.locals);
  const moduleRef = (value: unknown, where: string): string => {
    const ref = /^\$\{module\.([a-z0-9_]+(?:\["[^"]+"\])?)\.arn\}$/.exec(String(value))?.[1];
    const target = ref === undefined ? undefined : module.modules[ref];
    if (target === undefined) throw new Error(`${where}: ${String(value)} is not a module's ARN`);
    return name(target, where);
  };
  const localRef = (value: unknown): unknown => {
    const name = /^\$\{local\.([a-z0-9_]+)\}$/.exec(String(value))?.[1];
    return name === undefined ? value : module.locals[name];
  };

  const queues = calls
    .filter(([, body]) => moduleOf(body, 'queue'))
    .flatMap(([call, body]) => {
      const queue = name(body, `module.${call}`);
      return [
        {
          name: `${queue}-dlq`,
          messageRetentionSeconds:
            body['dlq_retention_seconds'] ?? variableDefault(queueModule, 'dlq_retention_seconds'),
        },
        {
          name: queue,
          messageRetentionSeconds:
            body['message_retention_seconds'] ?? variableDefault(queueModule, 'message_retention_seconds'),
          visibilityTimeoutSeconds:
            body['visibility_timeout_seconds'] ?? variableDefault(queueModule, 'visibility_timeout_seconds'),
          deadLetter: {
            queue: `${queue}-dlq`,
            maxReceiveCount: body['max_receive_count'] ?? variableDefault(queueModule, 'max_receive_count'),
          },
        },
      ];
    });
  const tables = calls
    .filter(([, body]) => moduleOf(body, 'table'))
    .map(([call, body]) => ({
      name: name(body, `module.${call}`),
      partitionKey: body['hash_key'],
      sortKey: body['range_key'],
      ttlAttribute: body['ttl_attribute'],
    }));
  const buckets = calls
    .filter(([, body]) => moduleOf(body, 'bucket'))
    .map(([call, body]) => ({
      name: name(body, `module.${call}`),
      notifications: Object.values((body['queue_notifications'] ?? {}) as Record<string, Body>).map((n) => ({
        queue: moduleRef(n['queue_arn'], `module.${call}`),
        events: n['events'],
        prefix: n['prefix'],
        suffix: n['suffix'],
      })),
      // Origins differ per environment (a variable in Terraform, loopback locally); the rest must agree.
      cors: ((body['cors_rules'] ?? []) as Body[]).map((rule) => ({
        allowedMethods: rule['allowed_methods'],
        allowedHeaders: rule['allowed_headers'] ?? [],
        maxAgeSeconds: rule['max_age_seconds'] ?? 3000,
      })),
    }));
  const functions = calls
    .filter(([, body]) => moduleOf(body, 'function'))
    .map(([call, body]) => {
      const where = `module.${call}`;
      const async = localRef(body['async']) as Body | undefined;
      return {
        name: name(body, where),
        app: body['app'],
        timeoutSeconds: body['timeout_seconds'],
        // modules/function sets a `secrets` entry's variable to the secret's name: an entry written as an object, or
        // passed straight from a variable, always does; one chosen by a local expression may be null (a vendor
        // secret while the step runs the mock).
        environment: [
          ...Object.keys((body['environment'] ?? {}) as Body),
          ...Object.entries((body['secrets'] ?? {}) as Body)
            .filter(
              ([, secret]) =>
                (typeof secret === 'object' && secret !== null) ||
                /^\$\{var\.[a-z0-9_]+\}$/.test(String(secret)),
            )
            .map(([variable]) => variable),
        ].sort(),
        async:
          async === undefined || async === null
            ? undefined
            : {
                maxRetryAttempts: async['maximum_retry_attempts'],
                maxEventAgeSeconds: async['maximum_event_age_seconds'],
                onFailure:
                  async['on_failure_queue_arn'] === undefined
                    ? undefined
                    : moduleRef(async['on_failure_queue_arn'], where),
              },
        sqs: ((localRef(body['sqs_event_sources']) ?? []) as Body[]).map((source) => ({
          queue: moduleRef(source['queue_arn'], where),
          batchSize: source['batch_size'] ?? 10,
          reportBatchItemFailures: reportsBatchItemFailures,
        })),
      };
    });
  // modules/http_api: routes by route key, each naming its function (`module.<call>.function_name`).
  const routes = calls
    .filter(([, body]) => moduleOf(body, 'http_api'))
    .flatMap(([call, body]) =>
      Object.entries((body['routes'] ?? {}) as Record<string, Body>).map(([routeKey, route]) => {
        const target = /^\$\{module\.([a-z0-9_]+(?:\["[^"]+"\])?)\.[a-z_]+\}$/.exec(
          String(route['function_name']),
        )?.[1];
        const fn = target === undefined ? undefined : module.modules[target];
        if (fn === undefined) throw new Error(`module.${call}: route ${routeKey} names no function module`);
        return {
          routeKey,
          functionName: name(fn, `module.${target}`),
          jwtAuthorizer: (route['jwt_authorizer'] as string | undefined) ?? null,
          scopes: (route['scopes'] as string[] | undefined) ?? [],
        };
      }),
    );
  // modules/bucket_notifications: a data-layer bucket's notifications, wired by the composition owning the queue.
  const bucketNotifications = calls
    .filter(([, body]) => moduleOf(body, 'bucket_notifications'))
    .map(([call, body]) => ({
      bucket: resolveName(body['bucket'], `module.${call}`, module.locals),
      notifications: Object.values((body['queue_notifications'] ?? {}) as Record<string, Body>).map((n) => ({
        queue: moduleRef(n['queue_arn'], `module.${call}`),
        events: n['events'],
        prefix: n['prefix'],
        suffix: n['suffix'],
      })),
    }));
  return { queues, tables, buckets, bucketNotifications, functions, routes };
}

/** Buckets across modules, each with the notifications another module wires to it (modules/bucket_notifications). */
function withWiredNotifications(modules: Awaited<ReturnType<typeof fromTerraform>>[]) {
  const wired = modules.flatMap((m) => m.bucketNotifications);
  return modules
    .flatMap((m) => m.buckets)
    .map((bucket) => ({
      ...bucket,
      notifications: [
        ...bucket.notifications,
        ...wired.filter((w) => w.bucket === bucket.name).flatMap((w) => w.notifications),
      ],
    }));
}

/** The same shape from the local declaration. */
function fromDeclaration(declaration: ServiceDeclaration) {
  return {
    queues: (declaration.queues ?? []).map((q) => ({
      name: q.name,
      // How long a queue keeps a message (PII, in the failure queue) is part of what must not drift.
      messageRetentionSeconds: q.messageRetentionSeconds,
      ...(q.deadLetter === undefined
        ? {}
        : { visibilityTimeoutSeconds: q.visibilityTimeoutSeconds, deadLetter: q.deadLetter }),
    })),
    tables: (declaration.tables ?? []).map((t) => ({
      name: t.name,
      partitionKey: t.partitionKey.name,
      sortKey: t.sortKey?.name,
      ttlAttribute: t.ttlAttribute,
    })),
    buckets: (declaration.buckets ?? []).map((b) => ({
      name: b.name,
      notifications: (b.notifications ?? []).map((n) => ({
        queue: n.queue,
        events: n.events,
        prefix: n.prefix,
        suffix: n.suffix,
      })),
      cors: (b.cors ?? []).map((rule) => ({
        allowedMethods: rule.allowedMethods,
        allowedHeaders: rule.allowedHeaders ?? [],
        maxAgeSeconds: rule.maxAgeSeconds ?? 3000,
      })),
    })),
    functions: (declaration.functions ?? []).map((f) => ({
      name: f.name,
      app: f.app,
      timeoutSeconds: f.timeoutSeconds,
      environment: Object.keys(f.environment ?? {}).sort(),
      async: f.async,
      sqs: (f.sqs ?? []).map((s) => ({
        queue: s.queue,
        batchSize: s.batchSize ?? 10,
        reportBatchItemFailures: s.reportBatchItemFailures ?? false,
      })),
    })),
    routes: (declaration.functions ?? []).flatMap((f) =>
      (f.routes ?? []).map((route) => {
        const { routeKey, jwtAuthorizer, scopes } = typeof route === 'string' ? { routeKey: route } : route;
        return { routeKey, functionName: f.name, jwtAuthorizer: jwtAuthorizer ?? null, scopes: scopes ?? [] };
      }),
    ),
  };
}

const byName = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

describe('local declarations agree with terraform/services', () => {
  const services = readdirSync(join(TERRAFORM, 'services'));

  it('declares exactly the services Terraform composes', () => {
    expect(SERVICES.map((s) => s.service).sort()).toEqual([...services].sort());
  });

  it.each(services)('%s: queues, DLQs, functions and routes match', async (service) => {
    const declaration = SERVICES.find((s) => s.service === service)!;
    const terraform = await fromTerraform(join(TERRAFORM, 'services', service));
    const local = fromDeclaration(declaration);
    expect(byName(local.queues)).toEqual(byName(terraform.queues));
    expect(byName(local.functions)).toEqual(byName(terraform.functions));
    const byRoute = (routes: { routeKey: string }[]) =>
      [...routes].sort((a, b) => a.routeKey.localeCompare(b.routeKey));
    // Routes the ALB serves in AWS are on the local HTTP API only; the next test holds them to local.alb_routes.
    const onLoadBalancer = new Set(
      (declaration.functions ?? []).flatMap((f) =>
        (f.routes ?? []).flatMap((r) =>
          typeof r !== 'string' && r.loadBalancer === true ? [r.routeKey] : [],
        ),
      ),
    );
    expect(byRoute(local.routes.filter((route) => !onLoadBalancer.has(route.routeKey)))).toEqual(
      byRoute(terraform.routes),
    );
  });

  // Routes the ALB serves in AWS (the HTTP API serves them locally): each must reach its function through one of
  // the path patterns of the composition's `local.alb_routes`, and every pattern must name a deployed function.
  it.each(services)('%s: load balancer routes match local.alb_routes', async (service) => {
    const declaration = SERVICES.find((s) => s.service === service)!;
    const module = await loadModule(join(TERRAFORM, 'services', service));
    const albRoutes = (module.locals['alb_routes'] ?? {}) as Record<string, { path_patterns: string[] }>;
    const apps = (declaration.functions ?? []).map((f) => f.app);
    for (const app of Object.keys(albRoutes)) expect(apps).toContain(app);
    // ALB path patterns: `*` any characters (also `/`), `?` one character.
    const matches = (pattern: string, path: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replaceAll('*', '.*')
          .replaceAll('?', '.')}$`,
      ).test(path);
    for (const fn of declaration.functions ?? []) {
      for (const route of fn.routes ?? []) {
        if (typeof route === 'string' || route.loadBalancer !== true) continue;
        // A path parameter stands for one segment.
        const path = route.routeKey.split(' ')[1]!.replace(/\{[^}]+\}/g, 'segment');
        const patterns = albRoutes[fn.app ?? '']?.path_patterns ?? [];
        expect(
          patterns.some((pattern) => matches(pattern, path)),
          `${route.routeKey} of ${fn.name} in local.alb_routes`,
        ).toBe(true);
      }
    }
  });

  // Tables and buckets are data: they live in terraform/stacks/data (or, for a service without data of its
  // own, in its composition), so they are compared across all services at once.
  it('declares the tables and buckets of the data stack and the compositions', async () => {
    const terraform = await Promise.all(
      [
        join(TERRAFORM, 'stacks', 'data'),
        ...services.map((service) => join(TERRAFORM, 'services', service)),
      ].map((dir) => fromTerraform(dir)),
    );
    const local = SERVICES.map(fromDeclaration);
    expect(local.flatMap((l) => l.tables).length).toBeGreaterThan(0);
    expect(byName(local.flatMap((l) => l.tables))).toEqual(byName(terraform.flatMap((t) => t.tables)));
    expect(byName(local.flatMap((l) => l.buckets))).toEqual(byName(withWiredNotifications(terraform)));
    // Every wired notification names a bucket that exists.
    const buckets = terraform.flatMap((t) => t.buckets.map((b) => b.name));
    for (const wired of terraform.flatMap((t) => t.bucketNotifications))
      expect(buckets).toContain(wired.bucket);
  });

  it('declares the SSM parameters the data stack creates', async () => {
    const data = await loadModule(join(TERRAFORM, 'stacks', 'data'));
    const names = Object.values(data.modules)
      .filter((body) => moduleOf(body, 'parameters'))
      // Secure parameters and feature flags (String parameters) alike; a call may pass either map or both.
      .flatMap((body) => ['parameters', 'flags'].filter((field) => field in body).map((field) => body[field]))
      .flatMap((parameters) => {
        if (typeof parameters === 'object' && parameters !== null) return Object.keys(parameters);
        // `{ for kind in local.kinds : "/${var.environment}/…/${kind}_…" => "…" }`, or a merge() of several
        const loops = [...String(parameters).matchAll(/for (\w+) in local\.(\w+)\s*:\s*"([^"]+)"/g)];
        if (loops.length === 0) throw new Error(`cannot read the parameter names of ${String(parameters)}`);
        return loops.flatMap((loop) => {
          const [, variable, list, template] = loop as unknown as [string, string, string, string];
          return (data.locals[list] as string[]).map((item) => template.replaceAll(`\${${variable}}`, item));
        });
      })
      .map((name) => resolveName(name, 'stacks/data', data.locals));
    const declared = SERVICES.flatMap((s) => (s.parameters ?? []).map((p) => p.name));
    expect(declared.sort()).toEqual(names.sort());
  });
});
