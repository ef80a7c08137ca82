import { describe, expect, it } from 'vitest';
import {
  JOB_TYPES,
  addressCallbackSchema,
  callbackSigningKeyParameterName,
  callbackTokenParameterName,
  documentCallbackSchema,
  isJobType,
  jobTypeVariable,
  resolutionCallbackSchema,
} from '../../src/index.js';

describe('JOB_TYPES', () => {
  it("are the IDP's three job types, each with a callback schema keyed <type>_result", () => {
    expect(JOB_TYPES).toEqual(['address', 'resolution', 'document']);
    const schemas = [addressCallbackSchema, resolutionCallbackSchema, documentCallbackSchema];
    expect(schemas.map((schema) => schema.required)).toEqual(JOB_TYPES.map((type) => [`${type}_result`]));
  });

  it('recognises a job type and nothing else', () => {
    expect(JOB_TYPES.every(isJobType)).toBe(true);
    for (const value of ['', 'Address', 'state_id', 'proof-address', 'document '])
      expect(isJobType(value)).toBe(false);
  });

  it("names a job type's callback parameters as the IDP and terraform/stacks/data do", () => {
    expect(callbackTokenParameterName('prod', 'address')).toBe(
      '/prod/idp/doc-capture/address_proof_result_token',
    );
    expect(callbackSigningKeyParameterName('sandbox', 'document')).toBe(
      '/sandbox/idp/doc-capture/document_proof_result_signing_key',
    );
  });

  it("names a job type's variable of a function serving every type", () => {
    expect(JOB_TYPES.map((type) => jobTypeVariable(type, 'TOKEN_PARAMETER'))).toEqual([
      'ADDRESS_TOKEN_PARAMETER',
      'RESOLUTION_TOKEN_PARAMETER',
      'DOCUMENT_TOKEN_PARAMETER',
    ]);
  });
});
