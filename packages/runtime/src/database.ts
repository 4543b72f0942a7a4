import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from './logger.js';

export interface DatabaseTarget {
  /** What the service connects with: its own role and its own database. */
  url: string;
  /** A superuser connection, used only by the migrate command to create the role and database. */
  adminUrl: string;
}

function parts(url: string) {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  for (const [name, value] of Object.entries({ database, user })) {
    if (!/^[a-z_][a-z0-9_]*$/.test(value))
      throw new Error(`DATABASE_URL ${name} "${value}" must be a plain identifier`);
  }
  return { database, user, password };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the service's role and database when missing. The database is owned by the role and
 * closed to every other role (CONNECT revoked from PUBLIC): the rehab database is reachable only
 * with rehab's own role.
 */
export async function ensureDatabase({ url, adminUrl }: DatabaseTarget): Promise<void> {
  const { database, user, password } = parts(url);
  await withAdmin(adminUrl, async (admin) => {
    const role = await admin.query('select 1 from pg_roles where rolname = $1', [user]);
    const secret = password ? ` password ${admin.escapeLiteral(password)}` : '';
    if (role.rowCount === 0) await admin.query(`create role ${user} login${secret}`);
    else if (password) await admin.query(`alter role ${user} login${secret}`);
    const db = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (db.rowCount === 0) await admin.query(`create database ${database} owner ${user}`);
    await admin.query(`revoke connect, temporary on database ${database} from public`);
    await admin.query(`grant connect, temporary on database ${database} to ${user}`);
  });
}

/** Drops a database and its role: for test runs cleaning up after themselves. */
export async function dropDatabase({ url, adminUrl }: DatabaseTarget): Promise<void> {
  const { database, user } = parts(url);
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`drop role if exists ${user}`);
  });
}

export interface OrmSettings {
  url: string;
  entities: Options['entities'];
  /** Compiled migrations (`dist/migrations`) and their sources (`src/migrations`). */
  migrationsPath: string;
  migrationsPathTs: string;
  logger?: Logger;
  poolMax?: number;
}

/** How long a query waits for a database connection before it fails. */
export const CONNECTION_TIMEOUT_MS = 2000;

export function ormOptions(settings: OrmSettings): Options {
  return defineConfig({
    clientUrl: settings.url,
    entities: settings.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: settings.poolMax ?? 10 },
    // pg's Pool: waiting for a free connection and opening a new one both give up after this
    // long, so a write while the database is unreachable fails fast (503) instead of hanging
    // past the gateway's RPC timeout.
    driverOptions: { connectionTimeoutMillis: CONNECTION_TIMEOUT_MS },
    discovery: { warnWhenNoEntities: false },
    migrations: {
      path: settings.migrationsPath,
      pathTs: settings.migrationsPathTs,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot',
      emit: 'ts',
    },
    logger: (message) => settings.logger?.debug({ orm: true }, message),
  });
}

/** The migrate command: ensure role and database, then apply every committed migration. */
export async function migrateDatabase(target: DatabaseTarget, settings: OrmSettings): Promise<string[]> {
  await ensureDatabase(target);
  const orm = await MikroORM.init(ormOptions({ ...settings, poolMax: 1 }));
  try {
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Generates a migration from the entities' difference to the committed snapshot (developers only). */
export async function createMigration(target: DatabaseTarget, settings: OrmSettings, name?: string) {
  await ensureDatabase(target);
  const orm = await MikroORM.init(ormOptions({ ...settings, poolMax: 1 }));
  try {
    await orm.migrator.up();
    return await orm.migrator.create(settings.migrationsPathTs, false, false, name);
  } finally {
    await orm.close(true);
  }
}
