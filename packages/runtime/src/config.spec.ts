import { ConfigError, parseConfig, serviceEnvSchema } from './config.js';
import { NatsNames } from './names.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('config', () => {
  it('fills local defaults', () => {
    const config = parseConfig(serviceEnvSchema('rehab'), {});
    expect(config.PORT).toBe(3001);
    expect(config.DATABASE_URL).toBe('postgres://sinergi_rehab:sinergi_rehab@127.0.0.1:5432/sinergi_rehab');
    expect(config.NATS_PREFIX).toBe('');
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      parseConfig(serviceEnvSchema('rehab'), { PORT: 'abc', DATABASE_URL: 'mysql://x', NATS_PREFIX: 'No Dots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PORT/);
    expect((error as Error).message).toMatch(/DATABASE_URL/);
    expect((error as Error).message).toMatch(/NATS_PREFIX/);
  });
});

describe('NATS names', () => {
  it('uses plain names without a prefix', () => {
    const names = new NatsNames('');
    expect(names.subject('rehab.client.admitted.v1')).toBe('rehab.client.admitted.v1');
    expect(names.stream('rehab')).toBe('REHAB');
    expect(names.durable('reporting', 'rehab')).toBe('reporting_from_rehab');
  });

  it('namespaces everything under a prefix', () => {
    const names = new NatsNames('t1a2b.');
    expect(names.subject('rehab.client.admitted.v1')).toBe('t1a2b.rehab.client.admitted.v1');
    expect(names.unprefixed('t1a2b.rehab.client.admitted.v1')).toBe('rehab.client.admitted.v1');
    expect(names.stream('rehab')).toBe('T1A2B_REHAB');
    expect(names.durable('reporting', 'rehab')).toBe('t1a2b_reporting_from_rehab');
    expect(names.deadLetterSubject('reporting', 'rehab.client.admitted.v1')).toBe(
      't1a2b.dlq.reporting.rehab.client.admitted.v1',
    );
  });
});

describe('cursors', () => {
  it('round-trips and pages', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, createdAt: new Date(2024, 0, n) }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.items).toEqual(['id1', 'id2']);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({
      createdAt: rows[1]?.createdAt.toISOString(),
      id: 'id2',
    });
    expect(toPage(rows, 3, (r) => r.id).nextCursor).toBeNull();
    expect(decodeCursor(encodeCursor({ id: 'x', createdAt: '2024-01-01T00:00:00.000Z' }))?.id).toBe('x');
  });

  it('rejects a forged cursor as a 400', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
  });
});
