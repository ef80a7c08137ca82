import { LICENSING_PUBLIC_ROUTES } from '@backend/contracts';
import { LICENSING_FLAGS } from '@backend/licensing';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TERRAFORM_DIR, block, blocks, loadModule, type Body, type TfModule } from '../lib/hcl.js';

// The licensing read side's ALB, WAF and public functions (issue 13): terraform/services/licensing/read_api.tf,
// modules/alb_api, modules/web_acl, and their data in terraform/stacks/data/licensing_public.tf.
let licensing: TfModule;
let alb: TfModule;
let waf: TfModule;
let data: TfModule;

beforeAll(async () => {
  const load = (...path: string[]) => loadModule(join(TERRAFORM_DIR, ...path));
  licensing = await load('services', 'licensing');
  alb = await load('modules', 'alb_api');
  waf = await load('modules', 'web_acl');
  data = await load('stacks', 'data');
});

const call = (module: TfModule, name: string): Body => {
  const found = module.modules.find((m) => m.name === name);
  if (found === undefined) throw new Error(`${module.path} has no module "${name}"`);
  return found.body;
};
const resource = (module: TfModule, type: string, name: string): Body => {
  const found = module.resources.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`${module.path} has no ${type}.${name}`);
  return found.body;
};
type Statement = { sid: string; actions: string[]; resources: string[] | string };
const statements = (app: string) =>
  call(licensing, `public_functions["${app}"]`).policy_statements as Statement[];

describe('the ALB', () => {
  it('listens on HTTPS only, with a TLS 1.3 policy (TLS 1.2 fallback, forward secrecy)', () => {
    expect(call(licensing, 'read_api').ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    const listeners = alb.resources.filter((r) => r.type === 'aws_lb_listener');
    expect(listeners.map((l) => [l.body.port, l.body.protocol, l.body.ssl_policy])).toEqual([
      [443, 'HTTPS', '${var.ssl_policy}'],
    ]);
  });

  it('appends the client address to X-Forwarded-For (the right-most entry is the one registration counts)', () => {
    expect(resource(alb, 'aws_lb', 'this').xff_header_processing_mode).toBe('append');
    expect(resource(alb, 'aws_lb', 'this').drop_invalid_header_fields).toBe(true);
  });

  it('routes each public route by method and path to its own function, from local.alb_routes', () => {
    const routes = licensing.locals.alb_routes as Record<string, Body>;
    for (const route of LICENSING_PUBLIC_ROUTES) {
      expect(routes[route.app], route.app).toMatchObject({
        path_patterns: [route.pathPattern],
        http_methods: [route.routeKey.split(' ')[0]],
      });
    }
    const priorities = Object.values(routes).map((route) => route.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(String(call(licensing, 'read_api').routes)).toContain('local.alb_routes');
  });
});

describe('the WAF', () => {
  it('rate-limits registration per client IP, scoped to the registration path, and is associated with the ALB', () => {
    const acl = call(licensing, 'read_api_waf');
    expect(acl.source).toBe('../../modules/web_acl');
    expect(acl.resource_arn).toBe('${module.read_api.arn}');
    const registration = LICENSING_PUBLIC_ROUTES.find((r) => r.app === 'register-provider')!;
    expect(acl.rate_limits).toEqual({
      registration: {
        path_prefix: registration.pathPattern,
        limit: '${var.read_api.registration_waf_limit}',
      },
    });
    const rule = block(resource(waf, 'aws_wafv2_web_acl', 'this').dynamic as Body, 'rule')!;
    const rate = block(block(block(rule, 'content')!, 'statement')!, 'rate_based_statement')!;
    expect(rate.aggregate_key_type).toBe('IP');
    const match = block(block(rate, 'scope_down_statement')!, 'byte_match_statement')!;
    expect(match.search_string).toBe('${lower(rule.value.path_prefix)}');
    expect(match.positional_constraint).toBe('STARTS_WITH');
    expect(block(match, 'field_to_match')).toHaveProperty('uri_path');
    expect(resource(waf, 'aws_wafv2_web_acl', 'this').scope).toBe('REGIONAL');
    expect(resource(waf, 'aws_wafv2_web_acl_association', 'this').web_acl_arn).toBe(
      '${aws_wafv2_web_acl.this.arn}',
    );
  });

  it('logs to an aws-waf-logs-* group with the Authorization header redacted', () => {
    expect(resource(waf, 'aws_cloudwatch_log_group', 'this').name).toBe('aws-waf-logs-${var.name}');
    const logging = resource(waf, 'aws_wafv2_web_acl_logging_configuration', 'this');
    expect(blocks(logging, 'redacted_fields').map((f) => block(f, 'single_header'))).toEqual([
      { name: 'authorization' },
    ]);
  });
});

describe('least privilege of the public functions', () => {
  it('register-provider: Query on the name index only, counters and tokens in its own table, SES from one address', () => {
    expect(statements('register-provider').map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ['QueryProvidersByName', ['dynamodb:Query'], ['${var.providers_table.arn}/index/providers-by-name']],
      [
        'CountAttemptsAndStoreTokens',
        ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
        ['${var.registrations_table.arn}'],
      ],
      ['UseRegistrationTablesKey', ['kms:Decrypt', 'kms:GenerateDataKey'], ['${var.data_kms_key_arn}']],
      ['SendRegistrationMail', ['ses:SendEmail'], ['${var.mail_identity_arn}']],
    ]);
    expect(call(licensing, 'public_functions["register-provider"]').secrets).toEqual({
      RECAPTCHA_SECRET: '${var.recaptcha_secret}',
    });
  });

  it('check-feature-flag: ssm:GetParameter on the flag parameters and nothing else', () => {
    expect(statements('check-feature-flag')).toEqual([
      { sid: 'ReadFeatureFlags', actions: ['ssm:GetParameter'], resources: '${var.flag_parameters.arns}' },
    ]);
  });
});

describe('the data root', () => {
  it('creates one flag parameter per declared flag, with its declared default', () => {
    const flags = call(data, 'licensing_flags').flags as Record<string, { default: boolean }>;
    expect(
      Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name.split('/').pop(), flag.default])),
    ).toEqual(
      Object.fromEntries(Object.entries(LICENSING_FLAGS).map(([name, flag]) => [name, flag.default])),
    );
  });

  it('keeps the reCAPTCHA secret in Secrets Manager (modules/secrets: a write-only placeholder, never in state)', () => {
    expect(call(data, 'licensing_recaptcha_secret').source).toBe('../../modules/secrets');
  });
});
