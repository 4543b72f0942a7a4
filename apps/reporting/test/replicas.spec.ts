/**
 * Two reporting replicas on one durable produce exactly the figures of one. The same mix of
 * events (corrections, suspects waiting for their case, rows merged from several events) goes
 * to a namespace with one replica and to one with two; afterwards every projected table and
 * both aggregates are the same, row for row, and equal a GROUP BY over the facts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { eventually, REPO_ROOT, ServiceProcess } from '@sinergi/runtime/testing';
import { eventMix, publishAll } from '../../../test/support/events.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';

const EVENTS = Number(process.env.TEST_REPLICA_EVENTS ?? 3000);
const one = new TestStack('rp1', { services: ['reporting'] });
const two = new TestStack('rp2', { services: ['reporting'] });
const second = new ServiceProcess('reporting', two.envOf('reporting'));
const connections: NatsConnection[] = [];
const mix = eventMix(EVENTS);

const TABLES: Record<string, string> = {
  fact: 'select id, indicator, region_code, occurred_on::text, value::text, dims::text, seq from fact order by id',
  fact_month: `select indicator, area_code, month::text, dim, key, value::text from fact_month where value <> 0
               order by 1, 2, 3, 4, 5`,
  fact_district_month: `select indicator, area_code, month::text, value::text from fact_district_month where value <> 0
                        order by 1, 2, 3`,
  rehab_episode: 'select * from rehab_episode order by admission_id',
  aftercare: 'select * from aftercare order by aftercare_id',
  follow_up: 'select * from follow_up order by id',
  intervention: 'select * from intervention order by id',
  case_ref: 'select * from case_ref order by case_id',
};

async function feed(stack: TestStack) {
  const as = async (user: 'rehab' | 'enforcement' | 'prevention') => {
    const nc = await stack.ns.broker.connect(user);
    connections.push(nc);
    return nc;
  };
  await publishAll(mix, {
    rehab: await as('rehab'),
    enforcement: await as('enforcement'),
    prevention: await as('prevention'),
  });
}

const applied = async (stack: TestStack) =>
  Number((await queryDb<{ n: string }>(stack.ns.databaseUrl('reporting'), 'select count(*) as n from inbox'))[0]?.n);

beforeAll(async () => {
  await Promise.all([one.start(), two.start()]);
  await second.start();
}, 120_000);

afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
  await second.stop();
  await Promise.all([one.stop(), two.stop()]);
}, 60_000);

it('gives the figures of one replica with two', async () => {
  await Promise.all([feed(one), feed(two)]);
  await eventually(
    async () => {
      expect(await applied(one)).toBe(mix.length);
      expect(await applied(two)).toBe(mix.length);
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  // Both replicas did part of the work.
  for (const replica of [two.service('reporting'), second]) {
    const metrics = await (await fetch(`${replica.url}/metrics`)).text();
    expect(metrics).toMatch(/sinergi_events_applied_total\{consumer="reporting",producer="[a-z]+"\} [1-9]/);
  }
  for (const [table, sql] of Object.entries(TABLES)) {
    const [a, b] = await Promise.all([
      queryDb(one.ns.databaseUrl('reporting'), sql),
      queryDb(two.ns.databaseUrl('reporting'), sql),
    ]);
    expect({ table, rows: a.length > 0 }).toEqual({ table, rows: true });
    expect({ table, same: JSON.stringify(b) === JSON.stringify(a) }).toEqual({ table, same: true });
  }
  for (const stack of [one, two]) {
    const verify = spawnSync(process.execPath, [join(REPO_ROOT, 'apps/reporting/dist/verify.js')], {
      env: { ...process.env, ...stack.ns.env('reporting') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: verify.status, out: verify.stdout.slice(-400) }).toMatchObject({ status: 0 });
  }
}, 240_000);
