import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Identity } from '@sinergi/contracts';

export interface SealedIdentity {
  keyId: string;
  ciphertext: string;
}

/**
 * AES-256-GCM for client identity at rest. Each value records the id of the key that sealed it,
 * so keys can rotate: new values use the active key, old ones stay readable until re-sealed.
 */
export class IdentityCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly nikHashKey: Buffer,
  ) {
    if (!keys.has(activeKeyId)) throw new Error(`active identity key ${activeKeyId} is not among the keys`);
  }

  seal(identity: Identity, clientId: string): SealedIdentity {
    const key = this.keys.get(this.activeKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The client id is authenticated with the value: a ciphertext moved to another row will not open.
    cipher.setAAD(Buffer.from(clientId));
    const body = Buffer.concat([cipher.update(JSON.stringify(identity), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return {
      keyId: this.activeKeyId,
      ciphertext: ['v1', iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.'),
    };
  }

  open(sealed: SealedIdentity, clientId: string): Identity {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`identity key ${sealed.keyId} is not configured`);
    const [version, iv, tag, body] = sealed.ciphertext.split('.');
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown identity ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(clientId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Identity;
  }

  /** True when a value was sealed with a key other than the active one. */
  needsRotation(sealed: SealedIdentity): boolean {
    return sealed.keyId !== this.activeKeyId;
  }

  /** A keyed hash of the NIK: finds duplicates without storing or comparing the NIK itself. */
  nikHash(nik: string): string {
    return createHmac('sha256', this.nikHashKey).update(nik).digest('hex');
  }
}
