import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, InvalidTokenError, requireAnyScope } from '../../src/index.js';

describe('requireAnyScope', () => {
  const auth = { subject: 's', scopes: ['oh/aslp.write'], claims: {}, source: 'verified-token' as const };

  it('passes a token holding one of the scopes', () => {
    expect(requireAnyScope({ auth }, 'oh/aslp.admin', 'oh/aslp.write')).toBe(auth);
  });

  it('refuses a token holding none of them with 403, naming the alternatives', () => {
    const refuse = () => requireAnyScope({ auth }, 'ky/aslp.write', 'ky/aslp.admin');
    expect(refuse).toThrow(InsufficientScopeError);
    expect(refuse).toThrow('Token lacks one of the scopes ky/aslp.write, ky/aslp.admin');
  });

  it('refuses a request without a token with 401', () => {
    expect(() => requireAnyScope({ auth: undefined }, 'a')).toThrow(InvalidTokenError);
  });
});
