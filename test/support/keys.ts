import { randomBytes } from 'node:crypto';

/** Fresh identity keys for one run: nothing a test encrypts outlives it. */
export function rehabKeys(): Record<string, string> {
  return {
    IDENTITY_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    IDENTITY_KEY_ID: 'test1',
    NIK_HASH_KEY: randomBytes(32).toString('base64'),
  };
}
