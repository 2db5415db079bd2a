import { describe, expect, it } from 'vitest';
import type { CredentialSpec } from '../providers/plugin';
import { readCredential } from './credential';

const spec: CredentialSpec = {
  oneOf: ['idToken', 'code'],
  disabled: ['accessToken'],
  maxLength: 20,
  fields: {
    codeVerifier: { maxLength: 10, pattern: /^[a-z]+$/, requiredWith: ['code'] },
    userID: { maxLength: 5, onlyWith: ['idToken'] },
  },
};
const read = (body: Record<string, unknown>) => readCredential(body, spec, 'acme');

describe('readCredential()', () => {
  it('keeps exactly the one credential and the fields the spec names', () => {
    expect(read({ code: 'c', codeVerifier: 'abc', role: 'admin', userID: undefined })).toEqual({
      code: 'c',
      codeVerifier: 'abc',
    });
    expect(read({ idToken: 't', userID: '42' })).toEqual({ idToken: 't', userID: '42' });
  });

  it.each([
    ['no credential', {}],
    ['two credentials', { idToken: 't', code: 'c', codeVerifier: 'abc' }],
    ['a disabled one', { accessToken: 'a' }],
    ['a disabled one next to an enabled one', { idToken: 't', accessToken: 'a' }],
    ['an object', { idToken: { $gt: '' } }],
    ['an array', { idToken: ['t'] }],
    ['a number', { idToken: 42 }],
    ['null', { idToken: null }],
    ['an empty string', { idToken: '' }],
    ['a value over maxLength', { idToken: 'x'.repeat(21) }],
    ['a missing requiredWith field', { code: 'c' }],
    ['a field failing its pattern', { code: 'c', codeVerifier: 'ABC' }],
    ['a field over its maxLength', { code: 'c', codeVerifier: 'a'.repeat(11) }],
    ['a field sent with the wrong credential', { code: 'c', codeVerifier: 'abc', userID: '42' }],
    ['a non-string field', { idToken: 't', userID: 42 }],
  ])('refuses %s with 400 invalid_request', (_name, body) => {
    expect(() => read(body)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }));
  });
});
