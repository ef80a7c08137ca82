import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TERRAFORM_DIR, block, blocks, loadModule, type Body, type TfModule } from '../lib/hcl.js';

// modules/http_api and its first caller, the messages composition (issue 9's last open point, issue 10).
let api: TfModule;
let messages: TfModule;

beforeAll(async () => {
  api = await loadModule(join(TERRAFORM_DIR, 'modules', 'http_api'));
  messages = await loadModule(join(TERRAFORM_DIR, 'services', 'messages'));
});

const resource = (module: TfModule, type: string, name: string): Body => {
  const found = module.resources.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`${module.path} has no ${type}.${name}`);
  return found.body;
};

describe('modules/http_api', () => {
  it('logs every request of the stage as JSON without bodies, headers or query strings', () => {
    const settings = block(resource(api, 'aws_apigatewayv2_stage', 'this'), 'access_log_settings')!;
    expect(settings.destination_arn).toBe('${aws_cloudwatch_log_group.access.arn}');
    const format = String(settings.format);
    for (const field of ['$context.requestId', '$context.routeKey', '$context.status'])
      expect(format).toContain(field);
    for (const leak of ['requestBody', '$input', '$context.path', 'querystring', 'header'])
      expect(format).not.toContain(leak);
  });

  it('puts an optional custom domain with TLS 1.2 and mutual TLS from the variable on the $default stage', () => {
    const domain = resource(api, 'aws_apigatewayv2_domain_name', 'custom');
    expect(domain.count).toBe('${var.custom_domain == null ? 0 : 1}');
    expect(block(domain, 'domain_name_configuration')).toMatchObject({
      endpoint_type: 'REGIONAL',
      security_policy: 'TLS_1_2',
    });
    const mtls = block(domain.dynamic as Body, 'mutual_tls_authentication')!;
    expect(mtls.for_each).toBe('${local.mutual_tls ? [var.custom_domain.mutual_tls] : []}');
    const mapping = resource(api, 'aws_apigatewayv2_api_mapping', 'custom');
    expect(mapping.stage).toBe('${aws_apigatewayv2_stage.this.id}');
    expect(api.outputs.custom_domain_target).toBeDefined();
  });

  it('turns the execute-api endpoint off whenever mutual TLS is on, so no client gets around it', () => {
    expect(resource(api, 'aws_apigatewayv2_api', 'this').disable_execute_api_endpoint).toBe(
      '${local.disable_execute_api_endpoint}',
    );
    expect(api.locals.disable_execute_api_endpoint).toBe(
      '${var.disable_execute_api_endpoint || local.mutual_tls}',
    );
    expect(api.locals.mutual_tls).toBe('${try(var.custom_domain.mutual_tls, null) != null}');
    expect(blocks(api.variables.custom_domain!, 'validation')).toHaveLength(1);
  });
});

describe('services/messages calls modules/http_api', () => {
  it("routes the issue's three routes to messages-api's live alias, with no authorizer (keys are checked in the function)", () => {
    const call = messages.modules.find((m) => m.name === 'api')!;
    expect(call.body.source).toBe('../../modules/http_api');
    const routes = call.body.routes as Record<string, Body>;
    expect(Object.keys(routes).sort()).toEqual(['GET /msg', 'GET /msg/{msg_id}/{message_id}', 'POST /msg']);
    for (const route of Object.values(routes)) {
      expect(route).toEqual({
        function_name: '${module.functions["messages-api"].function_name}',
        alias: 'live',
        invoke_arn: '${module.functions["messages-api"].live_invoke_arn}',
      });
    }
    expect(call.body.custom_domain).toBe('${var.custom_domain}');
  });

  it('lets send-message publish SMS to phone numbers only: sns:Publish on "*" with a Deny on every topic and endpoint', () => {
    const statements = (messages.locals.functions as Record<string, { policy_statements: string }>)[
      'send-message'
    ]!.policy_statements;
    expect(statements).toContain('"sns:Publish"');
    expect(statements).toMatch(/effect\s*=\s*"Deny"[\s\S]*"arn:aws:sns:\*:\*:\*"/);
  });
});
