import pg from 'pg';
import { ADMIN_URL } from '@sinergi/runtime/testing';

/** Reads a test database directly (as the admin role), to prove what was and was not written. */
export async function queryDb<T = Record<string, unknown>>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const admin = new URL(ADMIN_URL);
  admin.pathname = new URL(databaseUrl).pathname;
  const db = new pg.Client({ connectionString: admin.toString() });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}
