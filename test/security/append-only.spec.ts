/**
 * The audits are append-only at the database (issue #20, and the sign-off chain's of #15): with
 * its own credentials a service adds to and reads its audit, and cannot change, delete, truncate,
 * alter or drop it (the table and the schema belong to a role nobody logs in as). Its other
 * tables stay its own.
 */
import { randomUUID } from 'node:crypto';
import { TestNamespace } from '@sinergi/runtime/testing';
import pg from 'pg';

const ns = new TestNamespace('ao');

async function asService<T>(service: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: ns.databaseUrl(service) });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** The error PostgreSQL answers a statement with, or 'ok'. */
async function attempt(db: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await db.query(sql, params);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  await ns.start();
  ns.migrate(['rehab', 'reporting']);
}, 120_000);

afterAll(() => ns.cleanup(['rehab', 'reporting']));

it.each([
  [
    'rehab',
    'identity_audit',
    `insert into identity_audit (id, client_id, region_code, sub, agency, purpose, read_at)
     values ($1, $2, '31.72', 'officer-1', 'BNN', 'treatment', now())`,
    () => [randomUUID(), randomUUID()],
  ],
  [
    'reporting',
    'approval_step',
    `insert into approval_step (region_code, period_key, action, from_state, to_state, reason, actor, actor_region, at)
     values ('31.72', '2024', 'submit', 'open', 'submitted', null, $1, '31.72', now())`,
    () => [`admin-${randomUUID()}`],
  ],
])(
  '%s adds to and reads %s, and cannot change, delete, truncate, alter or drop it',
  async (service, table, insert, params) => {
    await asService(service, async (db) => {
      expect(await attempt(db, insert, params())).toBe('ok');
      expect((await db.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(1);
      const refused = {
        update: await attempt(db, `update ${table} set region_code = '31.73'`),
        delete: await attempt(db, `delete from ${table}`),
        truncate: await attempt(db, `truncate ${table}`),
        alter: await attempt(db, `alter table ${table} add column note text`),
        disableTriggers: await attempt(db, `alter table ${table} disable trigger all`),
        drop: await attempt(db, `drop table ${table}`),
        takeBack: await attempt(db, `alter table ${table} owner to current_user`),
      };
      for (const [statement, answer] of Object.entries(refused))
        expect([statement, answer]).toEqual([statement, expect.stringMatching(/permission denied|must be owner/)]);
      expect((await db.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(1);
      // Its other tables are still its own: the outbox, for one.
      expect(await attempt(db, 'delete from outbox where false')).toBe('ok');
      expect(await attempt(db, 'create table scratch (n int); drop table scratch')).toBe('ok');
    });
  },
);

it('migrating again changes nothing and keeps the audit closed', async () => {
  ns.migrate(['rehab']);
  await asService('rehab', async (db) => {
    expect(await attempt(db, 'delete from identity_audit')).toMatch(/permission denied/);
    expect((await db.query('select count(*)::int as n from identity_audit')).rows[0].n).toBe(1);
  });
});
