/**
 * `npm run rotate-keys [-- --batch-size=N]`: re-seals every client identity sealed with a key
 * other than IDENTITY_KEY_ID, in batches, each batch in its own transaction. Run it after making
 * a new key active (keeping the old one in IDENTITY_KEYS); once it reports 0 left, the old key can
 * be removed. Safe to run again, and beside running replicas (rows are claimed with SKIP LOCKED).
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { createLogger, loadConfigOrExit, ormOptions } from '@sinergi/runtime';
import { rehabEnvSchema } from '../config.js';
import { identityCipherFor } from '../rehab.module.js';
import { REHAB_ENTITIES, rehabMigrations } from '../rehab.service.js';
import { ClientRecord } from './client.entity.js';
import type { IdentityCipher } from './identity-cipher.js';

export interface RotationResult {
  resealed: number;
  batches: number;
  remaining: number;
}

export async function resealIdentities(
  orm: MikroORM,
  cipher: IdentityCipher,
  activeKeyId: string,
  batchSize: number,
  onBatch: (resealed: number) => void = () => undefined,
): Promise<RotationResult> {
  let resealed = 0;
  let batches = 0;
  for (;;) {
    const count = await orm.em.fork().transactional(async (tx) => {
      const rows = await tx.find(
        ClientRecord,
        { identityKeyId: { $ne: activeKeyId } },
        { orderBy: { id: 'asc' }, limit: batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      for (const row of rows) {
        const identity = cipher.open({ keyId: row.identityKeyId, ciphertext: row.identityCiphertext }, row.id);
        const sealed = cipher.seal(identity, row.id);
        row.identityKeyId = sealed.keyId;
        row.identityCiphertext = sealed.ciphertext;
      }
      return rows.length;
    });
    if (count === 0) break;
    resealed += count;
    batches += 1;
    onBatch(count);
    if (count < batchSize) break;
  }
  const remaining = await orm.em.fork().count(ClientRecord, { identityKeyId: { $ne: activeKeyId } });
  return { resealed, batches, remaining };
}

function batchSizeFrom(argv: string[]): number {
  const flag = argv.find((arg) => arg.startsWith('--batch-size='));
  const size = flag ? Number(flag.slice('--batch-size='.length)) : 500;
  if (!Number.isInteger(size) || size < 1) throw new Error('--batch-size must be a positive integer');
  return size;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(rehabEnvSchema);
  const logger = createLogger('rehab-rotate-keys', config.LOG_LEVEL);
  const orm = await MikroORM.init(
    ormOptions({ url: config.DATABASE_URL, entities: REHAB_ENTITIES, ...rehabMigrations, logger, poolMax: 2 }),
  );
  try {
    const result = await resealIdentities(
      orm,
      identityCipherFor(config),
      config.IDENTITY_KEY_ID,
      batchSizeFrom(process.argv.slice(2)),
      (count) => logger.info({ count }, 'batch re-sealed'),
    );
    // Counts and key ids only: an error or log line here must never carry an identity.
    logger.info({ ...result, activeKeyId: config.IDENTITY_KEY_ID }, 'identity key rotation finished');
    if (result.remaining > 0) process.exitCode = 1;
  } catch (error) {
    logger.error({ err: error }, 'identity key rotation failed');
    process.exitCode = 1;
  } finally {
    await orm.close(true);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
