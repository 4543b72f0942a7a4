/**
 * Issue 14: the activity import under load, on real infrastructure (prevention and the built
 * gateway as processes, PostgreSQL, the run's own broker and Redis keys). A 50,000-row file is
 * read in a worker thread, so another user's read is answered while it is imported; a bad file
 * answers a capped list of its bad lines (format problems from the gateway's reader, region
 * problems from prevention) with the totals, in kilobytes, and records nothing; and the
 * gateway's memory comes back down after each import.
 */
import { eventually } from '@sinergi/runtime/testing';
import { token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const ROWS = 50_000;
const HEADER = 'regionCode,kind,segment,channel,on,participants,reach';
const VILLAGES = ['31.72.01.1001', '31.72.01.1002', '31.72.04.1007', '31.72.02.1001', '31.72.03.1001'];
/** The answer of a bad file names its first problems, not all of them. */
const MAX_ANSWER_BYTES = 100 * 1024;
/** The gateway after an import; it starts near 150 MB, and a 50,000-row file once left it at GBs. */
const MAX_RSS_BYTES = 250 * 1024 * 1024;
/** Another user's read while a file is imported. */
const READ_MS = 100;

const stack = new TestStack('csv', {
  services: ['prevention', 'gateway'],
  env: {
    // A 50,000-row commit takes seconds on two busy cores; the reads below come from one address.
    gateway: { RPC_TIMEOUT_MS: '30000', RATE_LIMIT_PER_USER: '100000', RATE_LIMIT_PER_IP: '100000' },
  },
});
const gateway = () => stack.gateway;
let officer: string;
let analyst: string;

/** A row of the good file: Jakarta Utara's villages, in person and digital. */
function goodRow(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const digital = i % 5 === 0;
  return [
    VILLAGES[i % VILLAGES.length],
    'socialization',
    'students',
    digital ? 'digital' : 'in_person',
    `2024-05-${day}`,
    digital ? 0 : 20 + (i % 80),
    digital ? 1000 + i : '',
  ].join(',');
}

/**
 * Every row of the bad file is bad: the even ones in format (two problems each, found by the
 * gateway's reader), the odd ones in a region outside the officer's (one each, found by prevention).
 */
function badRow(i: number): string {
  return i % 2 === 0
    ? '31.72.01.1001,juggling,students,in_person,2024-05-02,-1,'
    : '31.73.01.1004,socialization,students,in_person,2024-05-02,25,';
}

const csv = (row: (i: number) => string) => `${HEADER}\n${Array.from({ length: ROWS }, (_, i) => row(i)).join('\n')}\n`;

async function count(table: string): Promise<number> {
  const [row] = await queryDb<{ n: string }>(stack.ns.databaseUrl('prevention'), `select count(*) as n from ${table}`);
  return Number(row?.n);
}

/** The gateway's resident memory, as its own /metrics reads it from /proc. */
async function gatewayRss(): Promise<number> {
  const text = await (await fetch(gateway().metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
  const match = /^sinergi_process_resident_memory_bytes (\d+)/m.exec(text);
  if (!match) throw new Error('the gateway does not report its resident memory');
  return Number(match[1]);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Infinity;

/**
 * Posts `body` as the officer while the analyst reads GET /v1/regions/31 every 25 ms until the
 * import answers (bounded: 150 s). Returns the import's answer and each read's time.
 */
async function importWhileReading(body: string) {
  let importing = true;
  const reads: number[] = [];
  const readStatuses = new Set<number>();
  const answer = fetch(`${gateway().url}/v1/prevention/activities:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${officer}`, 'content-type': 'text/csv' },
    body,
    signal: AbortSignal.timeout(150_000),
  })
    .then(async (response) => ({ status: response.status, text: await response.text() }))
    .finally(() => {
      importing = false;
    });
  const deadline = Date.now() + 150_000;
  while (importing && Date.now() < deadline) {
    const started = performance.now();
    const read = await fetch(`${gateway().url}/v1/regions/31`, {
      headers: { authorization: `Bearer ${analyst}` },
      signal: AbortSignal.timeout(30_000),
    });
    await read.arrayBuffer();
    if (importing) {
      reads.push(performance.now() - started);
      readStatuses.add(read.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { ...(await answer), reads, readStatuses: [...readStatuses] };
}

/**
 * Not a speed goal but a property: the import must not hold the gateway's event loop. The old
 * in-loop parse held it for 12.7 s, putting every read of the import far above 100 ms. On a
 * shared 2-core runner a single read can still wait for the scheduler (prevention, PostgreSQL
 * and the reader worker share the cores), so the check is on the median read, not the slowest.
 */
function expectReadsAnswered(reads: number[], readStatuses: number[]) {
  expect(readStatuses).toEqual([200]);
  expect(reads.length).toBeGreaterThanOrEqual(10);
  const slowest = Math.round(Math.max(...reads));
  expect({ median: Math.round(median(reads)) < READ_MS, reads: reads.length, slowest }).toEqual({
    median: true,
    reads: reads.length,
    slowest,
  });
}

beforeAll(async () => {
  await stack.start();
  officer = await token({ roles: ['prevention_officer'], region: '31.72', sub: 'importer' });
  analyst = await token({ roles: ['analyst'], region: '31', sub: 'reader' });
}, 120_000);

afterAll(async () => {
  await stack.stop();
}, 60_000);

describe('a 50,000-row activity import', () => {
  it('answers a bad file with its first bad lines and the totals, records nothing, and blocks no one', async () => {
    const tables = ['activity', 'activity_import_row', 'outbox'];
    const before = await Promise.all(tables.map(count));

    const { status, text, reads, readStatuses } = await importWhileReading(csv(badRow));

    expect(status).toBe(400);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_ANSWER_BYTES);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      badLines: ROWS,
      problemCount: (ROWS / 2) * 2 + ROWS / 2,
    });
    expect(body.lines).toHaveLength(100);
    expect(body.errors).toHaveLength(100);
    // Both kinds, in line order: the reader's (kind, participants) and prevention's (regionCode).
    expect(body.lines.slice(0, 4).map((l: { line: number; path: string }) => [l.line, l.path])).toEqual([
      [2, 'kind'],
      [2, 'participants'],
      [3, 'regionCode'],
      [4, 'kind'],
    ]);
    expect(body.lines[2].message).toBe('outside your region 31.72');
    expect(body.errors[2]).toEqual({ path: 'line 3: regionCode', message: 'outside your region 31.72' });
    expect(body.detail).toMatch(/^50000 line\(s\) of the file are invalid/);

    expect(await Promise.all(tables.map(count))).toEqual(before);
    expectReadsAnswered(reads, readStatuses);
    await eventually(async () => expect(await gatewayRss()).toBeLessThan(MAX_RSS_BYTES), {
      timeoutMs: 20_000,
      intervalMs: 500,
    });
  }, 240_000);

  it('imports a good file, every row, while another user is answered', async () => {
    const activities = await count('activity');

    const { status, text, reads, readStatuses } = await importWhileReading(csv(goodRow));

    expect({ status, body: JSON.parse(text) }).toEqual({
      status: 201,
      body: { importId: expect.any(String), imported: ROWS },
    });
    expect(await count('activity')).toBe(activities + ROWS);
    expect(await count('activity_import_row')).toBe(0);
    expectReadsAnswered(reads, readStatuses);
    await eventually(async () => expect(await gatewayRss()).toBeLessThan(MAX_RSS_BYTES), {
      timeoutMs: 20_000,
      intervalMs: 500,
    });
  }, 240_000);

  it('refuses a file over the limit with 413 naming it, keeping none of it', async () => {
    const response = await fetch(`${gateway().url}/v1/prevention/activities:import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'text/csv' },
      body: `${HEADER}\n${'x'.repeat(9 * 1024 * 1024)}\n`,
      signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, limitBytes: 8 * 1024 * 1024 });
  }, 60_000);
});
