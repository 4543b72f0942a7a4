import type { Principal } from '@sinergi/contracts';
import {
  CALL_LIFETIME_S,
  CallRefused,
  CallSigner,
  CallVerifier,
  generateCallKeys,
  parseSigningKey,
  parseVerifyKeys,
  verifyKeyOf,
} from './caller.js';

const principal: Principal = { sub: 'u1', agency: 'BNN', roles: ['rehab_officer'], region: '31.72' };
const body = new TextEncoder().encode('{"input":{"id":"x"}}');
const subject = 'rpc.rehab.client.get';

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CallRefused) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('signed callers', () => {
  const keys = generateCallKeys('gw1');
  const signer = new CallSigner(parseSigningKey(keys.signingKey));
  const fresh = () => new CallVerifier(parseVerifyKeys(keys.verifyKey));

  it('verifies what the gateway signed and gives back its principal and request id', () => {
    const claims = fresh().verify(signer.sign(subject, principal, 'req-1', body), subject, body);
    expect(claims).toMatchObject({ principal, requestId: 'req-1', subject });
    expect(claims.exp - claims.iat).toBe(CALL_LIFETIME_S);
    expect(verifyKeyOf(keys.signingKey)).toBe(keys.verifyKey);
  });

  it('refuses each way a call can be forged, and says which', () => {
    const token = signer.sign(subject, principal, 'req-2', body);
    const [h, c, s] = token.split('.') as [string, string, string];
    const other = new CallSigner(parseSigningKey(generateCallKeys('gw1').signingKey));
    const tamperedClaims = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(c, 'base64url').toString()),
        principal: { ...principal, region: 'ID' },
      }),
    ).toString('base64url');
    const v = fresh();
    expect(reason(() => v.verify(undefined, subject, body))).toBe('unsigned');
    expect(reason(() => v.verify('abc', subject, body))).toBe('malformed');
    expect(reason(() => v.verify(`${h}.${tamperedClaims}.${s}`, subject, body))).toBe('bad_signature');
    expect(reason(() => v.verify(other.sign(subject, principal, 'r', body), subject, body))).toBe('bad_signature');
    expect(reason(() => v.verify(token, 'rpc.rehab.client.admit', body))).toBe('wrong_subject');
    expect(reason(() => v.verify(token, subject, new TextEncoder().encode('{}')))).toBe('body_mismatch');
    expect(reason(() => v.verify(signer.sign(subject, principal, 'r', body, Date.now() - 60_000), subject, body))).toBe(
      'expired',
    );
    expect(reason(() => v.verify(signer.sign(subject, principal, 'r', body, Date.now() + 60_000), subject, body))).toBe(
      'not_yet_valid',
    );
    expect(reason(() => v.verify(token, subject, body))).toBe('accepted');
    expect(reason(() => v.verify(token, subject, body))).toBe('replayed');
  });

  it('names an unknown key, and accepts the old key during a rotation', () => {
    const next = generateCallKeys('gw2');
    const rotating = new CallVerifier(parseVerifyKeys(`${next.verifyKey},${keys.verifyKey}`));
    const nextSigner = new CallSigner(parseSigningKey(next.signingKey));
    expect(reason(() => rotating.verify(signer.sign(subject, principal, 'a', body), subject, body))).toBe('accepted');
    expect(reason(() => rotating.verify(nextSigner.sign(subject, principal, 'b', body), subject, body))).toBe(
      'accepted',
    );
    expect(reason(() => fresh().verify(nextSigner.sign(subject, principal, 'c', body), subject, body))).toBe(
      'unknown_key',
    );
  });

  it('rejects malformed keys with a clear message', () => {
    expect(() => parseVerifyKeys('nokid')).toThrow(/<key id>:<32 bytes/);
    expect(() => parseSigningKey('gw1:short')).toThrow(/<key id>:<32 bytes/);
  });
});
