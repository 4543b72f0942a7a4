/**
 * Key rotation on real PostgreSQL: identities sealed under k1 are re-sealed under k2 by the
 * `rotate-keys` command, in batches; afterwards the service reads them with k1 retired.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';

const ns = new TestNamespace('k');
const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;
const NIK_HASH_KEY = randomBytes(32).toString('base64');
const gateway = new ServiceProcess('gateway', ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1' }));
const api = client(() => gateway.url);
const rehabWith = (keys: string, active: string) =>
  new ServiceProcess('rehab', ns.env('rehab', { IDENTITY_KEYS: keys, IDENTITY_KEY_ID: active, NIK_HASH_KEY }));
let rehab: ServiceProcess;
let officer: string;

function rotate(keys: string, active: string, batchSize: number) {
  return spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'apps', 'rehab', 'dist', 'clients', 'rotate-identity-keys.js'), `--batch-size=${batchSize}`],
    {
      env: { ...process.env, ...ns.env('rehab', { IDENTITY_KEYS: keys, IDENTITY_KEY_ID: active, NIK_HASH_KEY }) },
      encoding: 'utf8',
    },
  );
}

async function keyIds(): Promise<Record<string, number>> {
  const rows = await queryDb<{ key: string; n: string }>(
    ns.databaseUrl('rehab'),
    'select identity_key_id as key, count(*) as n from client group by identity_key_id',
  );
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
}

const identities = Array.from({ length: 5 }, (_, i) => ({
  fullName: `Dewi Lestari Rotasi ${i}`,
  nik: `317201410195000${i}`,
  birthDate: '1995-01-01',
  address: `Jl. Pluit Raya ${i}`,
}));

beforeAll(async () => {
  await ns.start();
  ns.migrate(['rehab']);
  rehab = rehabWith(k1, 'k1');
  await Promise.all([rehab.start(), gateway.start()]);
  officer = await token({ roles: ['rehab_officer'], region: '31.72' });
}, 60_000);

afterAll(async () => {
  await Promise.all([rehab.stop(), gateway.stop()]);
  await ns.cleanup(['rehab']);
}, 60_000);

describe('identity key rotation', () => {
  it('re-seals every identity under the new key in batches, and the old key can then retire', async () => {
    const ids: string[] = [];
    for (const identity of identities) {
      const response = await api('POST', '/v1/rehab/clients', {
        token: officer,
        body: { identity, sex: 'female', regionCode: '31.72' },
      });
      expect(response.status).toBe(201);
      ids.push(response.body.id);
    }
    expect(await keyIds()).toEqual({ k1: 5 });

    const run = rotate(`${k2},${k1}`, 'k2', 2);
    expect(run.status).toBe(0);
    expect(await keyIds()).toEqual({ k2: 5 });
    const finished = run.stdout.split('\n').find((line) => line.includes('rotation finished'));
    expect(JSON.parse(finished ?? '{}')).toMatchObject({ resealed: 5, batches: 3, remaining: 0 });
    for (const identity of identities) {
      for (const value of Object.values(identity)) expect(run.stdout + run.stderr).not.toContain(value);
    }
    // Nothing left to do: a second run changes nothing.
    const again = rotate(`${k2},${k1}`, 'k2', 2);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/"resealed":0/);

    await rehab.stop();
    rehab = rehabWith(k2, 'k2');
    await rehab.start();
    for (const [i, id] of ids.entries()) {
      const read = await api('GET', `/v1/rehab/clients/${id}`, {
        token: officer,
        headers: { 'x-purpose': 'rotation check' },
      });
      expect(read.status).toBe(200);
      expect(read.body.identity).toEqual(identities[i]);
    }
    const duplicate = await api('POST', '/v1/rehab/clients', {
      token: officer,
      body: { identity: identities[0], sex: 'female', regionCode: '31.72' },
    });
    expect(duplicate.status).toBe(409);
  });

  it('fails, naming no identity, when a value is sealed with a key it does not have', async () => {
    const run = rotate(`k3:${randomBytes(32).toString('base64')}`, 'k3', 2);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/identity key k2 is not configured/);
    expect(await keyIds()).toEqual({ k2: 5 });
  });
});
