import { randomBytes } from 'node:crypto';
import { IdentityCipher } from './identity-cipher.js';

const identity = { fullName: 'Siti Aminah', nik: '3172014101950002', birthDate: '1995-01-01', address: 'Jl. Pluit 1' };
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const hashKey = randomBytes(32);

describe('IdentityCipher', () => {
  it('seals with the active key and opens again', () => {
    const cipher = new IdentityCipher(new Map([['k1', k1]]), 'k1', hashKey);
    const sealed = cipher.seal(identity, 'client-1');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.ciphertext).not.toContain('Siti');
    expect(sealed.ciphertext).not.toContain('3172014101950002');
    expect(cipher.open(sealed, 'client-1')).toEqual(identity);
  });

  it('never produces the same ciphertext twice', () => {
    const cipher = new IdentityCipher(new Map([['k1', k1]]), 'k1', hashKey);
    expect(cipher.seal(identity, 'c').ciphertext).not.toBe(cipher.seal(identity, 'c').ciphertext);
  });

  it('reads values of a retired key after rotation and marks them for re-sealing', () => {
    const old = new IdentityCipher(new Map([['k1', k1]]), 'k1', hashKey);
    const sealed = old.seal(identity, 'client-1');
    const rotated = new IdentityCipher(
      new Map([
        ['k2', k2],
        ['k1', k1],
      ]),
      'k2',
      hashKey,
    );
    expect(rotated.open(sealed, 'client-1')).toEqual(identity);
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.seal(identity, 'client-1').keyId).toBe('k2');
  });

  it('refuses a tampered value or one moved to another client', () => {
    const cipher = new IdentityCipher(new Map([['k1', k1]]), 'k1', hashKey);
    const sealed = cipher.seal(identity, 'client-1');
    expect(() => cipher.open(sealed, 'client-2')).toThrow();
    const parts = sealed.ciphertext.split('.');
    const body = Buffer.from(parts[3] as string, 'base64');
    body[0] = (body[0] as number) ^ 1;
    parts[3] = body.toString('base64');
    expect(() => cipher.open({ ...sealed, ciphertext: parts.join('.') }, 'client-1')).toThrow();
  });

  it('hashes a NIK with its key: stable, and different under another key', () => {
    const a = new IdentityCipher(new Map([['k1', k1]]), 'k1', hashKey);
    const b = new IdentityCipher(new Map([['k1', k1]]), 'k1', randomBytes(32));
    expect(a.nikHash('3172014101950002')).toBe(a.nikHash('3172014101950002'));
    expect(a.nikHash('3172014101950002')).not.toBe(b.nikHash('3172014101950002'));
    expect(a.nikHash('3172014101950002')).not.toContain('3172014101950002');
  });
});
