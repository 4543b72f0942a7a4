import { randomBytes } from 'node:crypto';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { dropDatabase, migrateDatabase, type OrmSettings, ormOptions } from '../database.js';
import { RUNTIME_ENTITIES } from '../service-app.js';
import { ADMIN_URL } from './namespace.js';

/**
 * The medium test tier (docs/architecture.md, "Tests"): a service's use cases run in-process
 * against a real PostgreSQL database of their own, migrated as the service's migrate command
 * migrates it, with no broker and no HTTP. A rule change is tested in seconds this way; what
 * crosses a process (events, the gateway) stays with the integration and end-to-end specs.
 *
 * Each instance makes database `sinergi_<id>_<service>` and its role, and `stop()` drops both,
 * so runs pass twice in a row and beside a running stack.
 */
export class UseCaseDatabase {
  readonly url: string;
  private orm?: MikroORM;

  private readonly settings: Omit<OrmSettings, 'url'>;

  /** `settings` name the service's own entities; the outbox, inbox and dead letters are added. */
  constructor(
    private readonly service: string,
    settings: Omit<OrmSettings, 'url'> & { entities: unknown[] },
    private readonly appendOnly: readonly string[] = [],
  ) {
    this.settings = { ...settings, entities: [...RUNTIME_ENTITIES, ...settings.entities] as OrmSettings['entities'] };
    const name = `sinergi_u${randomBytes(4).toString('hex')}_${service}`;
    this.url = `postgres://${name}:${name}@127.0.0.1:5432/${name}`;
  }

  /** Creates and migrates the database, then connects as the service's own role. */
  async start(): Promise<void> {
    const target = { url: this.url, adminUrl: ADMIN_URL };
    await migrateDatabase(target, { ...this.settings, url: this.url }, this.appendOnly);
    this.orm = await MikroORM.init(ormOptions({ ...this.settings, url: this.url, poolMax: 4 }));
  }

  /** A fresh entity manager, as each RPC call gets one. */
  em(): EntityManager {
    if (!this.orm) throw new Error(`${this.service}: start() the use-case database first`);
    return this.orm.em.fork();
  }

  /** Rows as the database holds them, read with the service's own role. */
  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em().getConnection().execute<T[]>(sql, params);
  }

  async stop(): Promise<void> {
    await this.orm?.close(true);
    await dropDatabase({ url: this.url, adminUrl: ADMIN_URL }).catch(() => undefined);
  }
}
