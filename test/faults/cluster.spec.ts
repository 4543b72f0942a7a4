/**
 * The fault suite on a 3-node JetStream cluster (issue #16, `npm run test:faults`): prevention,
 * reporting (two replicas on the same durables) and the gateway connect with all three node URLs,
 * the streams are R3, and the nodes fail under CSV imports paced at 1,000 rows (events) a second
 * (the table says what the machine reached): kill -9 of a follower, kill -9 of the stream's
 * leader, a restart (SIGTERM) of all three one after another, each back and current before the
 * next, and the stream's leader partitioned away and let back. After each, everything written so far is reconciled source
 * → stream → inbox → facts → indicator (rig.ts), so a later scenario also proves the earlier
 * scenarios' events survived; the table gives the time to recover. What this does and does not
 * prove: docs/operations.md, "What the cluster tests show". Loopback only; every load and wait is
 * bounded in count and time.
 */
import { eventually } from '@sinergi/runtime/testing';
import { type ClusterNode, ClusterRig } from './cluster-rig.js';
import { ACTIVITY_SUBJECT, count, importCsv, printTable, reconcileActivities, settleActivities } from './rig.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const STREAM = 'PREVENTION';

interface Load {
  /** Rows the gateway answered 201 for. */
  imported: number;
  /** Statuses of the imports that were refused (a failover in the RPC path). */
  refused: number[];
  ms: number;
}

/**
 * CSV imports of `chunk` rows from `parallel` importers, paced together at `perSecond` rows a
 * second, until `rows` were sent, `maxMs` passed or `stop()` was called.
 */
function startLoad(
  rig: ClusterRig,
  { rows, perSecond = 1000, chunk = 500, parallel = 2, maxMs = 60_000 }: Record<string, number>,
) {
  let stopped = false;
  const started = Date.now();
  const load: Load = { imported: 0, refused: [], ms: 0 };
  let next = 0;
  const importer = async () => {
    for (let i = next++; i * chunk < (rows ?? 0) && !stopped && Date.now() - started < maxMs; i = next++) {
      const due = started + ((i * chunk) / perSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const answer = await importCsv(rig, chunk).catch(() => ({ status: 0, imported: 0 }));
      if (answer.status === 201) load.imported += answer.imported;
      else load.refused.push(answer.status);
    }
  };
  const done = Promise.all(Array.from({ length: parallel ?? 1 }, importer)).then(() => {
    load.ms = Date.now() - started;
    return load;
  });
  return {
    done,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

const rate = (load: Load) =>
  `${load.imported} imported in ${seconds(load.ms)} (${Math.round(load.imported / (load.ms / 1000))}/s)`;
const refusals = (load: Load) =>
  load.refused.length > 0 ? `, ${load.refused.length} imports refused (${[...new Set(load.refused)].join('/')})` : '';

function expectClean(row: { lost: number; duplicated: number; indicator: string; written: number; events: unknown }) {
  expect({ lost: row.lost, duplicated: row.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  expect(row.events).toBe(row.written);
  expect(row.indicator).toMatch(/= source/);
}

describe('fault suite on a 3-node JetStream cluster', () => {
  const rig = new ClusterRig('fk');
  const messages = async () => (await rig.cluster.replication(STREAM)).messages;
  /** Resolves once the stream holds `n` more messages than now: events are flowing. */
  const flowing = async (n: number, timeoutMs = 60_000) => {
    const from = await messages();
    await eventually(
      async () => {
        if ((await messages()) < from + n) throw new Error(`fewer than ${n} new messages in ${STREAM}`);
      },
      { timeoutMs, intervalMs: 50 },
    );
  };
  /** Milliseconds until the stream accepts events again after `since` (it grew by one). */
  const acceptingAgain = async (since: number, timeoutMs = 60_000) => {
    const from = await eventually(() => messages(), { timeoutMs, intervalMs: 100 });
    await eventually(
      async () => {
        if ((await messages()) <= from) throw new Error(`${STREAM} does not grow`);
      },
      { timeoutMs, intervalMs: 50 },
    );
    return Date.now() - since;
  };
  const settle = async (since: number) => {
    await settleActivities(rig, 150_000);
    return Date.now() - since;
  };

  beforeAll(async () => {
    await rig.up(['prevention', 'reporting', 'gateway']);
    await rig.cluster.healthy(STREAM);
    // One import first, so the paced load below is not measured on cold processes.
    expect(await importCsv(rig, 1_000)).toEqual({ status: 201, imported: 1_000 });
    await settleActivities(rig);
  }, 240_000);

  afterAll(async () => {
    printTable('faults-cluster-table.txt');
    await rig.down();
  }, 60_000);

  beforeEach(async () => {
    // Each scenario starts from a whole cluster, whatever the last one left.
    for (const node of rig.cluster.nodes) await rig.cluster.heal(node);
    await Promise.all(rig.cluster.nodes.map((node) => node.start()));
    await rig.cluster.healthy(STREAM);
  }, 120_000);

  it('C1. kill -9 of a follower during ~1,000 writes/s, then restart', async () => {
    const load = startLoad(rig, { rows: 4_000 });
    await flowing(500);
    const leader = await rig.cluster.leaderOf(STREAM);
    const follower = rig.cluster.nodes.find((n) => n !== leader) as ClusterNode;
    const killed = Date.now();
    await follower.stop('SIGKILL');
    const accepting = await acceptingAgain(killed);
    const written = await load.done;
    await follower.start();
    const current = await rig.cluster.healthy(STREAM);
    const settled = await settle(killed);
    const row = await reconcileActivities(
      rig,
      'C1 kill -9 of a follower (paced 1,000 rows/s)',
      `${rate(written)}${refusals(written)}; stream took writes ${seconds(accepting)} after the kill; ` +
        `follower current ${seconds(current)} after restart; all applied ${seconds(settled)} after the kill`,
    );
    expect(written.imported).toBeGreaterThan(0);
    expectClean(row);
  }, 240_000);

  it('C2. kill -9 of the stream leader during writes, then restart', async () => {
    const load = startLoad(rig, { rows: 4_000 });
    await flowing(500);
    const leader = await rig.cluster.leaderOf(STREAM);
    const killed = Date.now();
    await leader.stop('SIGKILL');
    const next = await rig.cluster.leaderOf(STREAM, { other: leader });
    const elected = Date.now() - killed;
    const accepting = await acceptingAgain(killed);
    const written = await load.done;
    await leader.start();
    const current = await rig.cluster.healthy(STREAM);
    const settled = await settle(killed);
    const row = await reconcileActivities(
      rig,
      'C2 kill -9 of the stream leader',
      `${rate(written)}${refusals(written)}; ${next.name} leads ${seconds(elected)} after the kill, ` +
        `writes accepted after ${seconds(accepting)}; old leader current ${seconds(current)} after restart; ` +
        `all applied ${seconds(settled)} after the kill`,
    );
    expect(next).not.toBe(leader);
    expectClean(row);
  }, 240_000);

  it('C3. all three restarted one after another during writes', async () => {
    const load = startLoad(rig, { rows: 12_000, maxMs: 90_000 });
    await flowing(500);
    const started = Date.now();
    const rejoined: string[] = [];
    for (const node of rig.cluster.nodes) {
      const stopped = Date.now();
      await node.stop('SIGTERM');
      await node.start();
      await rig.cluster.healthy(STREAM);
      rejoined.push(seconds(Date.now() - stopped));
    }
    const written = await load.stop();
    const settled = await settle(started);
    const row = await reconcileActivities(
      rig,
      'C3 rolling restart of all three nodes',
      `${rate(written)}${refusals(written)}; each node back and current in ${rejoined.join(' / ')}; ` +
        `all applied ${seconds(settled)} after the first stop`,
    );
    expectClean(row);
  }, 300_000);

  it('C4. the stream leader partitioned away (routes refused) during writes, then let back', async () => {
    const load = startLoad(rig, { rows: 12_000, maxMs: 90_000 });
    await flowing(500);
    const leader = await rig.cluster.leaderOf(STREAM);
    const cut = Date.now();
    await rig.cluster.partition(leader);
    const next = await rig.cluster.leaderOf(STREAM, { other: leader });
    const elected = Date.now() - cut;
    // The majority goes on taking writes, from the clients connected to it (a client of the cut
    // node keeps its healthy connection there and waits for the partition to heal).
    await sleep(5_000);
    const healed = Date.now();
    await rig.cluster.heal(leader);
    const current = await rig.cluster.healthy(STREAM);
    const written = await load.stop();
    const settled = await settle(healed);
    const row = await reconcileActivities(
      rig,
      'C4 stream leader partitioned away, let back',
      `${rate(written)}${refusals(written)}; ${next.name} leads ${seconds(elected)} after the cut; ` +
        `cut for ${seconds(healed - cut)}; old leader current ${seconds(current)} after healing; ` +
        `all applied ${seconds(settled)} after healing`,
    );
    expect(next).not.toBe(leader);
    expectClean(row);
    expect(
      await count(rig.db('reporting'), 'select count(*) as n from inbox where subject = $1', [ACTIVITY_SUBJECT]),
    ).toBe(row.written);
  }, 300_000);
});
