import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TERRAFORM_DIR, blocks, loadModule, type Body, type TfModule } from '../lib/hcl.js';

// services/accounts: which proxies the functions believe about the client's address (issue 11).
let accounts: TfModule;

beforeAll(async () => {
  accounts = await loadModule(join(TERRAFORM_DIR, 'services', 'accounts'));
});

const APPS = ['create-user', 'verify-user', 'login', 'change-password', 'lost-password', 'reset-password'];

describe('services/accounts trusts CloudFront-Viewer-Address from CloudFront edges only', () => {
  it("reads CloudFront's origin-facing ranges, IPv4 and IPv6, from AWS's published ip-ranges", () => {
    const ranges = accounts.data.find((d) => d.type === 'aws_ip_ranges');
    expect(ranges?.name).toBe('cloudfront_origin_facing');
    expect(ranges?.body.services).toEqual(['cloudfront_origin_facing']);
    // No region filter: the origin-facing prefixes are all listed under GLOBAL.
    expect(ranges?.body.regions).toBeUndefined();
    expect(String(accounts.locals.trusted_proxy_cidrs).replace(/\s+/g, '')).toBe(
      '${join(",",concat(data.aws_ip_ranges.cloudfront_origin_facing.cidr_blocks,data.aws_ip_ranges.cloudfront_origin_facing.ipv6_cidr_blocks,))}',
    );
  });

  it("fails the plan when AWS lists no range, or more than fits in a Lambda function's 4 KB of variables", () => {
    const ranges = accounts.data.find((d) => d.type === 'aws_ip_ranges')!;
    const conditions = blocks(blocks(ranges.body, 'lifecycle')[0] ?? {}, 'postcondition').map((c: Body) =>
      String(c.condition),
    );
    expect(conditions).toContain('${length(self.cidr_blocks) > 0}');
    expect(conditions).toContain(
      '${length(join(",", concat(self.cidr_blocks, self.ipv6_cidr_blocks))) <= 3072}',
    );
  });

  it('gives every accounts function the ranges as TRUSTED_PROXY_CIDRS', () => {
    expect((accounts.locals.function_environment as Body).TRUSTED_PROXY_CIDRS).toBe(
      '${local.trusted_proxy_cidrs}',
    );
    const functions = accounts.modules.filter((m) => m.name.startsWith('functions['));
    expect(functions.map((m) => m.name).sort()).toEqual(APPS.map((app) => `functions["${app}"]`).sort());
    for (const fn of functions)
      expect(fn.body.environment).toMatchObject({ TRUSTED_PROXY_CIDRS: '${local.trusted_proxy_cidrs}' });
  });
});
