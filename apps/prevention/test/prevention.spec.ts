/**
 * Prevention on real infrastructure: the service and the gateway as processes, PostgreSQL, and
 * the run's own broker with the shipped permissions. Each resource is written and read through
 * the gateway; bad input writes nothing and publishes nothing; every write's event reaches the
 * PREVENTION stream.
 */
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { PreventionEvents } from '@sinergi/contracts';
import { eventually } from '@sinergi/runtime/testing';
import { client, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';

const stack = new TestStack('pv', {
  services: ['prevention', 'gateway'],
  env: { gateway: { RPC_TIMEOUT_MS: '10000' } },
});
const ns = stack.ns;
const gateway = stack.gateway;
const api = client(() => gateway.url);
let nc: NatsConnection;
let jsm: JetStreamManager;
let jakartaUtara: string;
let jakartaBarat: string;
let analyst: string;

interface StoredEvent {
  subject: string;
  type: string;
  regionCode: string;
  payload: Record<string, unknown>;
}

/** Every event in this run's PREVENTION stream, in order. */
async function streamEvents(): Promise<StoredEvent[]> {
  const stream = ns.names.stream('prevention');
  const { state } = await jsm.streams.info(stream);
  const events: StoredEvent[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message) events.push({ subject: message.subject, ...(message.json() as Omit<StoredEvent, 'subject'>) });
  }
  return events;
}

async function count(table: string): Promise<number> {
  const [row] = await queryDb<{ n: string }>(ns.databaseUrl('prevention'), `select count(*) as n from ${table}`);
  return Number(row?.n);
}

/** Writes nothing, publishes nothing: tables and outbox stay as they were. */
async function expectNothingWritten(tables: string[], action: () => Promise<void>) {
  const before = await Promise.all([...tables, 'outbox'].map(count));
  await action();
  expect(await Promise.all([...tables, 'outbox'].map(count))).toEqual(before);
}

async function postCsv(csv: string, as = jakartaUtara) {
  const response = await fetch(`${gateway.url}/v1/prevention/activities:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const activity = {
  regionCode: '31.72.01.1001',
  kind: 'socialization',
  segment: 'students',
  channel: 'in_person',
  on: '2024-03-12',
  participants: 120,
};

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('admin');
  jsm = await jetstreamManager(nc);
  jakartaUtara = await token({ roles: ['prevention_officer'], region: '31.72' });
  jakartaBarat = await token({ roles: ['prevention_officer'], region: '31.73', agency: 'PEMDA' });
  analyst = await token({ roles: ['analyst'], region: 'ID' });
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await stack.stop();
}, 60_000);

describe('activities', () => {
  it('records in-person and digital activities and lists them by region, date and kind', async () => {
    const inPerson = await api('POST', '/v1/prevention/activities', { token: jakartaUtara, body: activity });
    expect(inPerson.status).toBe(201);
    expect(inPerson.body).toMatchObject({ ...activity, reach: null, importId: null });

    const digital = await api('POST', '/v1/prevention/activities', {
      token: jakartaUtara,
      body: {
        regionCode: '31.72',
        kind: 'campaign',
        segment: 'community',
        channel: 'digital',
        on: '2024-08-17',
        reach: 591_349,
      },
    });
    expect(digital.status).toBe(201);
    expect(digital.body).toMatchObject({ participants: 0, reach: 591_349 });

    const march = await api('GET', '/v1/prevention/activities?regionCode=31.72.01&from=2024-03-01&to=2024-03-31', {
      token: analyst,
    });
    expect(march.status).toBe(200);
    expect(march.body.items.map((a: { id: string }) => a.id)).toEqual([inPerson.body.id]);
    const campaigns = await api('GET', '/v1/prevention/activities?kind=campaign', { token: jakartaUtara });
    expect(campaigns.body.items.map((a: { id: string }) => a.id)).toEqual([digital.body.id]);
    const west = await api('GET', '/v1/prevention/activities', { token: jakartaBarat });
    expect(west.body.items).toEqual([]);

    const paged = await api('GET', '/v1/prevention/activities?limit=1', { token: jakartaUtara });
    expect(paged.body.items).toHaveLength(1);
    const next = await api('GET', `/v1/prevention/activities?limit=1&cursor=${paged.body.nextCursor}`, {
      token: jakartaUtara,
    });
    expect(next.body.items[0].id).not.toBe(paged.body.items[0].id);

    await eventually(async () => {
      const ids = (await streamEvents())
        .filter((e) => e.type === PreventionEvents.activityRecorded.subject)
        .map((e) => e.payload.activityId);
      expect(ids).toEqual(expect.arrayContaining([inPerson.body.id, digital.body.id]));
    });
  });

  it('refuses bad input naming the field, writing nothing and publishing nothing', async () => {
    await expectNothingWritten(['activity'], async () => {
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ ...activity, kind: 'dance' }, 400, 'kind'],
        [{ ...activity, segment: 'aliens' }, 400, 'segment'],
        [{ ...activity, participants: -5 }, 400, 'participants'],
        [{ ...activity, participants: 0, reach: 300 }, 400, 'reach'],
        [{ ...activity, channel: 'digital', participants: 0 }, 400, 'reach'],
        [{ ...activity, on: '2999-01-01' }, 400, 'on'],
        [{ ...activity, regionCode: '31.72.99' }, 422, 'regionCode'],
        [{ ...activity, regionCode: 'ID' }, 422, 'regionCode'],
        [{ ...activity, regionCode: '31.73' }, 404, 'regionCode'],
      ];
      for (const [body, status, path] of cases) {
        const response = await api('POST', '/v1/prevention/activities', { token: jakartaUtara, body });
        expect({ status: response.status, paths: response.body.errors?.map((e: { path: string }) => e.path) }).toEqual({
          status,
          paths: [path],
        });
      }
    });
  });

  it('is written only by prevention officers', async () => {
    const rehab = await token({ roles: ['rehab_officer'], region: '31.72' });
    expect((await api('POST', '/v1/prevention/activities', { token: rehab, body: activity })).status).toBe(403);
    expect((await api('POST', '/v1/prevention/activities', { token: analyst, body: activity })).status).toBe(403);
  });
});

describe('CSV import of activities', () => {
  const HEADER = 'regionCode,kind,segment,channel,on,participants,reach';

  it('imports a good file with one event per row', async () => {
    const csv = [
      HEADER,
      '31.72.01.1001,workshop,education,in_person,2024-05-02,45,',
      '31.72.04.1007,talk_show,media,digital,2024-05-03,0,12000',
      '"31.72.01.1001",dialogue,customary,in_person,2024-05-04,30,900',
    ].join('\r\n');
    const response = await postCsv(csv);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ importId: expect.any(String), imported: 3 });
    const { importId } = response.body;

    const listed = await api('GET', '/v1/prevention/activities?from=2024-05-01&to=2024-05-31', { token: jakartaUtara });
    expect(listed.body.items).toHaveLength(3);
    expect(listed.body.items.every((a: { importId: string }) => a.importId === importId)).toBe(true);
    expect(await count(`activity_import_row`)).toBe(0);

    await eventually(async () => {
      const imported = (await streamEvents()).filter((e) => e.payload.importId === importId);
      expect(imported.map((e) => e.subject)).toEqual(
        Array(3).fill(ns.names.subject(PreventionEvents.activityRecorded.subject)),
      );
      // Built in SQL for speed: each must still be exactly the contract's envelope.
      for (const event of imported) expect(() => PreventionEvents.activityRecorded.envelope.parse(event)).not.toThrow();
    });
  });

  it('imports nothing from a file with bad rows and names every bad line', async () => {
    const csv = [
      HEADER,
      '31.72.01.1001,workshop,education,in_person,2024-05-02,45,',
      '31.72.01.1001,juggling,education,in_person,2024-05-02,45,',
      '31.72.01.1001,workshop,education,in_person,2024-05-02,45,',
      '31.72.01.1001,workshop,education,in_person,2024-05-02,0,700',
      '31.72.01.1001,workshop,education,in_person,2024-05-02,-1,',
      '31.73.01.1004,workshop,education,in_person,2024-05-02,10,',
      '31.72.77.7777,workshop,education,in_person,2024-05-02,10,',
    ].join('\n');
    await expectNothingWritten(['activity', 'activity_import_row'], async () => {
      const response = await postCsv(csv);
      expect(response.status).toBe(400);
      expect(response.body.lines.map((l: { line: number; path: string }) => [l.line, l.path])).toEqual([
        [3, 'kind'],
        [5, 'reach'],
        [6, 'participants'],
        [7, 'regionCode'],
        [8, 'regionCode'],
      ]);
      expect(response.body.errors[0]).toEqual({ path: 'line 3: kind', message: expect.any(String) });
      // Format problems from the gateway's reader, region problems from prevention's stage step.
      expect(response.body).toMatchObject({ badLines: 5, problemCount: 5 });
      expect(response.body.lines.slice(-2).map((l: { message: string }) => l.message)).toEqual([
        'outside your region 31.72',
        '31.72.77.7777 is not a known region',
      ]);
    });
  });

  it('refuses a file that is not CSV or has the wrong columns', async () => {
    const json = await api('POST', '/v1/prevention/activities:import', { token: jakartaUtara, body: [activity] });
    expect(json.status).toBe(415);
    const wrong = await postCsv('region,kind\n31.72,workshop\n');
    expect(wrong.status).toBe(400);
    expect(wrong.body.lines).toEqual([expect.objectContaining({ line: 1, path: '(header)' })]);
  });
});

describe('vulnerable areas (kawasan rawan)', () => {
  let ambon: string;

  it('maps an area in a village, keeps its assessment history and makes the latest current', async () => {
    const mapped = await api('POST', '/v1/prevention/vulnerable-areas', {
      token: jakartaBarat,
      body: { regionCode: '31.73.01.1004', name: 'Kampung Ambon', riskLevel: 'bahaya', assessedOn: '2023-02-01' },
    });
    expect(mapped.status).toBe(201);
    expect(mapped.body).toMatchObject({ regionCode: '31.73.01.1004', riskLevel: 'bahaya' });
    ambon = mapped.body.id;

    const later = await api('POST', `/v1/prevention/vulnerable-areas/${ambon}/assessments`, {
      token: jakartaBarat,
      body: { riskLevel: 'siaga', assessedOn: '2024-06-01' },
    });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ riskLevel: 'siaga', assessedOn: '2024-06-01' });

    const backDated = await api('POST', `/v1/prevention/vulnerable-areas/${ambon}/assessments`, {
      token: jakartaBarat,
      body: { riskLevel: 'bahaya', assessedOn: '2023-09-01' },
    });
    expect(backDated.status).toBe(201);

    const one = await api('GET', `/v1/prevention/vulnerable-areas/${ambon}`, { token: analyst });
    expect(one.status).toBe(200);
    expect(one.body.riskLevel).toBe('siaga');
    expect(one.body.history.map((h: { riskLevel: string; assessedOn: string }) => [h.assessedOn, h.riskLevel])).toEqual(
      [
        ['2023-02-01', 'bahaya'],
        ['2023-09-01', 'bahaya'],
        ['2024-06-01', 'siaga'],
      ],
    );

    await eventually(async () => {
      const events = (await streamEvents()).filter((e) => e.payload.areaId === ambon);
      expect(events.map((e) => [e.type, e.payload.currentRiskLevel ?? e.payload.riskLevel])).toEqual([
        [PreventionEvents.vulnerableAreaMapped.subject, 'bahaya'],
        [PreventionEvents.vulnerableAreaAssessed.subject, 'siaga'],
        [PreventionEvents.vulnerableAreaAssessed.subject, 'siaga'],
      ]);
    });
  });

  it('lists areas by region and current risk level', async () => {
    const boncos = await api('POST', '/v1/prevention/vulnerable-areas', {
      token: jakartaBarat,
      body: { regionCode: '31.73.07.1006', name: 'Kampung Boncos', riskLevel: 'bahaya', assessedOn: '2024-01-15' },
    });
    expect(boncos.status).toBe(201);
    const danger = await api('GET', '/v1/prevention/vulnerable-areas?regionCode=31.73&riskLevel=bahaya', {
      token: analyst,
    });
    expect(danger.body.items.map((a: { name: string }) => a.name)).toEqual(['Kampung Boncos']);
    const all = await api('GET', '/v1/prevention/vulnerable-areas', { token: jakartaBarat });
    expect(all.body.items.map((a: { name: string }) => a.name)).toEqual(['Kampung Ambon', 'Kampung Boncos']);
  });

  it('refuses a non-village, a duplicate, an early assessment, and hides areas outside the region', async () => {
    await expectNothingWritten(['vulnerable_area', 'risk_assessment'], async () => {
      const district = await api('POST', '/v1/prevention/vulnerable-areas', {
        token: jakartaBarat,
        body: { regionCode: '31.73.01', name: 'Somewhere', riskLevel: 'siaga', assessedOn: '2024-01-01' },
      });
      expect(district.status).toBe(400);
      expect(district.body.errors).toEqual([expect.objectContaining({ path: 'regionCode' })]);

      const unknownLevel = await api('POST', '/v1/prevention/vulnerable-areas', {
        token: jakartaBarat,
        body: { regionCode: '31.73.01.1004', name: 'Gang X', riskLevel: 'merah', assessedOn: '2024-01-01' },
      });
      expect(unknownLevel.body.errors).toEqual([expect.objectContaining({ path: 'riskLevel' })]);

      const duplicate = await api('POST', '/v1/prevention/vulnerable-areas', {
        token: jakartaBarat,
        body: { regionCode: '31.73.01.1004', name: 'kampung  ambon', riskLevel: 'siaga', assessedOn: '2024-01-01' },
      });
      expect(duplicate.status).toBe(409);

      const early = await api('POST', `/v1/prevention/vulnerable-areas/${ambon}/assessments`, {
        token: jakartaBarat,
        body: { riskLevel: 'aman', assessedOn: '2022-12-31' },
      });
      expect(early.status).toBe(409);

      const outside = await api('GET', `/v1/prevention/vulnerable-areas/${ambon}`, { token: jakartaUtara });
      expect(outside.status).toBe(404);
      const assessOutside = await api('POST', `/v1/prevention/vulnerable-areas/${ambon}/assessments`, {
        token: jakartaUtara,
        body: { riskLevel: 'aman', assessedOn: '2024-12-01' },
      });
      expect(assessOutside.status).toBe(404);
    });
  });
});

describe('Bersinar villages', () => {
  it('designates a village once and lists the programme', async () => {
    for (const regionCode of ['31.72.01.1001', '31.72.04.1007']) {
      const response = await api('POST', '/v1/prevention/bersinar-villages', {
        token: jakartaUtara,
        body: { regionCode, designatedOn: '2024-02-20' },
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ regionCode, status: 'designated' });
    }
    await expectNothingWritten(['bersinar_village'], async () => {
      const again = await api('POST', '/v1/prevention/bersinar-villages', {
        token: jakartaUtara,
        body: { regionCode: '31.72.01.1001', designatedOn: '2024-09-01', status: 'active' },
      });
      expect(again.status).toBe(409);
      const regency = await api('POST', '/v1/prevention/bersinar-villages', {
        token: jakartaUtara,
        body: { regionCode: '31.72', designatedOn: '2024-09-01' },
      });
      expect(regency.status).toBe(400);
      expect(regency.body.errors).toEqual([expect.objectContaining({ path: 'regionCode' })]);
    });
    const listed = await api('GET', '/v1/prevention/bersinar-villages?regionCode=31.72', { token: analyst });
    expect(listed.body.items.map((v: { regionCode: string }) => v.regionCode)).toEqual([
      '31.72.01.1001',
      '31.72.04.1007',
    ]);
    await eventually(async () => {
      const designated = (await streamEvents()).filter(
        (e) => e.type === PreventionEvents.bersinarVillageDesignated.subject,
      );
      expect(designated.map((e) => e.regionCode)).toEqual(['31.72.01.1001', '31.72.04.1007']);
    });
  });
});

describe('activist trainings', () => {
  it('records a training and lists it; refuses a negative count', async () => {
    const lubuklinggau = await token({ roles: ['prevention_officer'], region: '16.73' });
    const held = await api('POST', '/v1/prevention/trainings', {
      token: lubuklinggau,
      body: { regionCode: '16.73', on: '2022-07-14', trained: 40, sector: 'education' },
    });
    expect(held.status).toBe(201);
    await expectNothingWritten(['training'], async () => {
      const negative = await api('POST', '/v1/prevention/trainings', {
        token: lubuklinggau,
        body: { regionCode: '16.73', on: '2022-07-14', trained: -4, sector: 'banking' },
      });
      expect(negative.status).toBe(400);
      expect(negative.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['sector', 'trained']);
    });
    const listed = await api('GET', '/v1/prevention/trainings?from=2022-01-01&to=2022-12-31&sector=education', {
      token: analyst,
    });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: held.body.id, trained: 40 })]);
    await eventually(async () => {
      const trainings = (await streamEvents()).filter((e) => e.type === PreventionEvents.trainingHeld.subject);
      expect(trainings.map((e) => e.payload.trainingId)).toEqual([held.body.id]);
    });
  });
});

describe('events', () => {
  it('every write reached the PREVENTION stream once, and the outbox is drained', async () => {
    await eventually(async () => {
      const [row] = await queryDb<{ n: string }>(
        ns.databaseUrl('prevention'),
        'select count(*) as n from outbox where published_at is null',
      );
      expect(Number(row?.n)).toBe(0);
    });
    const events = await streamEvents();
    expect(events).toHaveLength(await count('outbox'));
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(Object.values(PreventionEvents).map((contract) => contract.subject)),
    );
  });
});
