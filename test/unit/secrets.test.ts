import { createSecretBox, parseSecretsKey, secretBoxOf } from '../../src/secrets';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

describe('secrets at rest', () => {
  it('seals with a fresh IV and opens what it sealed', () => {
    const box = createSecretBox(KEY_A);
    const one = box.seal('access-token-1');
    expect(one).toMatch(/^enc1:/);
    expect(one).not.toContain('access-token-1');
    expect(box.seal('access-token-1')).not.toBe(one);
    expect(box.open(one)).toBe('access-token-1');
    expect(box.isCurrent(one)).toBe(true);
  });

  it('opens legacy plain text as is, and says it is not sealed', () => {
    const box = createSecretBox(KEY_A);
    expect(box.open('plain-token')).toBe('plain-token');
    expect(box.isCurrent('plain-token')).toBe(false);
  });

  it('opens values of the previous key during a rotation, and refuses an unknown key or a changed value', () => {
    const old = createSecretBox(KEY_A).seal('rt');
    const rotated = createSecretBox(KEY_B, KEY_A);
    expect(rotated.open(old)).toBe('rt');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(() => createSecretBox(KEY_B).open(old)).toThrow(/SECRETS_KEY/);
    const parts = old.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => createSecretBox(KEY_A).open(parts.join(':'))).toThrow();
  });

  it('takes a key as 64 hex digits or base64 of 32 bytes', () => {
    expect(parseSecretsKey(KEY_A.toString('hex'))).toEqual(KEY_A);
    expect(parseSecretsKey(KEY_A.toString('base64'))).toEqual(KEY_A);
    expect(parseSecretsKey('too short')).toBeNull();
    expect(secretBoxOf({}).open(secretBoxOf({}).seal('x'))).toBe('x');
  });
});
