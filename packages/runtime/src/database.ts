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

/** The role that owns a service's append-only tables and its schema; nobody logs in as it. */
const ledgerRole = (user: string) => `${user}_ledger`;

/**
 * Hands a service's append-only tables (its audit) to a role of their own, run as the admin after
 * the service's migrations. The service keeps SELECT and INSERT on them and can neither update,
 * delete, truncate, alter nor drop them, even with its own credentials; its schema is that role's
 * too (a schema's owner may drop whatever is in it), with CREATE and USAGE left to the service, so
 * every other table stays the service's own. A later migration that changes such a table has to be
 * applied by the admin.
 */
export async function makeAppendOnly({ url, adminUrl }: DatabaseTarget, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  const { database, user } = parts(url);
  const owner = ledgerRole(user);
  const inDatabase = new URL(adminUrl);
  inDatabase.pathname = `/${database}`;
  await withAdmin(inDatabase.toString(), async (admin) => {
    const exists = await admin.query('select 1 from pg_roles where rolname = $1', [owner]);
    if (exists.rowCount === 0) await admin.query(`create role ${owner} nologin`);
    await admin.query(`alter schema public owner to ${owner}`);
    await admin.query(`grant usage, create on schema public to ${user}`);
    for (const table of tables) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`append-only table "${table}" must be a plain identifier`);
      await admin.query(`alter table ${table} owner to ${owner}`);
      await admin.query(`revoke all on ${table} from ${user}`);
      await admin.query(`grant select, insert on ${table} to ${user}`);
      // A serial key's sequence moved with its table: the service still draws from it.
      const sequences = await admin.query<{ name: string }>(
        `select s.relname as name from pg_class s join pg_depend d on d.objid = s.oid join pg_class t on t.oid = d.refobjid
         where s.relkind = 'S' and t.relname = $1`,
        [table],
      );
      for (const { name } of sequences.rows) await admin.query(`grant usage, select on sequence ${name} to ${user}`);
    }
  });
}

/** Drops a database and its roles: for test runs cleaning up after themselves. */
export async function dropDatabase({ url, adminUrl }: DatabaseTarget): Promise<void> {
  const { database, user } = parts(url);
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`drop role if exists ${user}`);
    await admin.query(`drop role if exists ${ledgerRole(user)}`);
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

/**
 * The migrate command: ensure role and database, apply every committed migration, then make the
 * append-only tables so (makeAppendOnly).
 */
export async function migrateDatabase(
  target: DatabaseTarget,
  settings: OrmSettings,
  appendOnly: readonly string[] = [],
): Promise<string[]> {
  await ensureDatabase(target);
  const orm = await MikroORM.init(ormOptions({ ...settings, poolMax: 1 }));
  try {
    const applied = await orm.migrator.up();
    await makeAppendOnly(target, appendOnly);
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
