import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { type Principal, principalSchema } from '@sinergi/contracts';
import { z } from 'zod';

/**
 * Callers that cannot be forged: the gateway signs, for every request it forwards, who is
 * calling (the verified token's principal), which subject the request is for, its request id
 * and a hash of the exact body, in a short-lived Ed25519 JWS. Only the gateway holds the
 * private key; services hold the public keys and act on a principal only when the signature,
 * the subject, the body and the time all check out, and the token was not seen before.
 * docs/security.md explains the threat this closes and how the keys rotate.
 */

/** How long a signed call stays valid: longer than any RPC timeout, short enough to make replay useless. */
export const CALL_LIFETIME_S = 15;
/** Clock difference tolerated between the gateway and a service. */
const CLOCK_SKEW_S = 5;

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class CallRefused extends Error {
  constructor(
    readonly reason:
      | 'unsigned'
      | 'malformed'
      | 'unknown_key'
      | 'bad_signature'
      | 'expired'
      | 'not_yet_valid'
      | 'wrong_subject'
      | 'body_mismatch'
      | 'replayed',
    message: string,
  ) {
    super(message);
    this.name = 'CallRefused';
  }
}

const callClaimsSchema = z.object({
  principal: principalSchema,
  subject: z.string().min(1),
  requestId: z.string().min(1).max(128),
  bodySha256: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(16).max(64),
});
export type CallClaims = z.infer<typeof callClaimsSchema>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const bodyHash = (body: Uint8Array) => createHash('sha256').update(body).digest('base64url');

/** A fresh signing key pair, as `<kid>:<seed>` (the gateway's secret) and `<kid>:<public>` (the services'). */
export function generateCallKeys(kid: string): { signingKey: string; verifyKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'jwk' }).d as string;
  const raw = publicKey.export({ format: 'jwk' }).x as string;
  return { signingKey: `${kid}:${seed}`, verifyKey: `${kid}:${raw}` };
}

function parseEntry(entry: string, what: string): { kid: string; raw: Buffer } {
  const at = entry.indexOf(':');
  const kid = entry.slice(0, at);
  const raw = Buffer.from(entry.slice(at + 1), 'base64url');
  if (at < 1 || !KEY_ID.test(kid) || raw.length !== 32) {
    throw new Error(`${what} must be <key id>:<32 bytes, base64url>, e.g. gw1:…`);
  }
  return { kid, raw };
}

/** `CALLER_SIGNING_KEY` (the gateway): `<kid>:<Ed25519 seed>`. */
export function parseSigningKey(value: string): { kid: string; key: KeyObject } {
  const { kid, raw } = parseEntry(value.trim(), 'the signing key');
  return { kid, key: createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw]), format: 'der', type: 'pkcs8' }) };
}

/** `CALLER_KEYS` (the services): `<kid>:<Ed25519 public key>[,<kid>:<public key>…]` — old keys stay during a rotation. */
export function parseVerifyKeys(value: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const { kid, raw } = parseEntry(entry, 'each verify key');
    keys.set(kid, createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' }));
  }
  if (keys.size === 0) throw new Error('at least one verify key is needed');
  return keys;
}

/** The public half of a signing key, as a services' `CALLER_KEYS` entry. */
export function verifyKeyOf(signingKey: string): string {
  const { kid, key } = parseSigningKey(signingKey);
  return `${kid}:${createPublicKey(key).export({ format: 'jwk' }).x as string}`;
}

export class CallSigner {
  private readonly header: string;

  constructor(
    private readonly signingKey: { kid: string; key: KeyObject },
    private readonly lifetimeS = CALL_LIFETIME_S,
  ) {
    this.header = b64url(JSON.stringify({ alg: 'EdDSA', kid: signingKey.kid, typ: 'sinergi-call+jws' }));
  }

  sign(subject: string, principal: Principal, requestId: string, body: Uint8Array, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const claims: CallClaims = {
      principal,
      subject,
      requestId,
      bodySha256: bodyHash(body),
      iat,
      exp: iat + this.lifetimeS,
      jti: randomBytes(16).toString('base64url'),
    };
    const input = `${this.header}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign(null, Buffer.from(input), this.signingKey.key))}`;
  }
}

export class CallVerifier {
  /** Token ids seen and when they expire: a replay inside the lifetime is refused. */
  private readonly seen = new Map<string, number>();
  private sweepAt = 0;

  constructor(private readonly keys: Map<string, KeyObject>) {}

  verify(token: string | undefined, subject: string, body: Uint8Array, now = Date.now()): CallClaims {
    if (!token) throw new CallRefused('unsigned', 'the request carries no caller signature');
    const parts = token.split('.');
    if (parts.length !== 3) throw new CallRefused('malformed', 'the caller signature is not a compact JWS');
    const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
    let header: { alg?: unknown; kid?: unknown };
    let raw: unknown;
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      raw = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'));
    } catch {
      throw new CallRefused('malformed', 'the caller signature does not decode');
    }
    if (header.alg !== 'EdDSA') throw new CallRefused('malformed', 'the caller signature must be EdDSA');
    const key = typeof header.kid === 'string' ? this.keys.get(header.kid) : undefined;
    if (!key) throw new CallRefused('unknown_key', `the caller signature names an unknown key`);
    const valid = verify(
      null,
      Buffer.from(`${headerPart}.${claimsPart}`),
      key,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!valid) throw new CallRefused('bad_signature', 'the caller signature does not verify');
    const parsed = callClaimsSchema.safeParse(raw);
    if (!parsed.success) throw new CallRefused('malformed', 'the signed claims are incomplete');
    const claims = parsed.data;
    const seconds = now / 1000;
    if (claims.exp + CLOCK_SKEW_S < seconds) throw new CallRefused('expired', 'the caller signature has expired');
    if (claims.iat - CLOCK_SKEW_S > seconds)
      throw new CallRefused('not_yet_valid', 'the caller signature is from the future');
    if (claims.subject !== subject) {
      throw new CallRefused('wrong_subject', 'the caller signature was made for another request subject');
    }
    if (claims.bodySha256 !== bodyHash(body)) {
      throw new CallRefused('body_mismatch', 'the request body is not the one that was signed');
    }
    this.remember(claims, now);
    return claims;
  }

  private remember(claims: CallClaims, now: number): void {
    if (this.seen.has(claims.jti)) throw new CallRefused('replayed', 'this signed call was already used');
    this.seen.set(claims.jti, (claims.exp + CLOCK_SKEW_S) * 1000);
    if (now >= this.sweepAt) {
      for (const [jti, until] of this.seen) if (until < now) this.seen.delete(jti);
      this.sweepAt = now + 1000;
    }
  }
}
