/**
 * The privacy boundary against an insider on the agencies' network, not only through the
 * gateway: the five services run against a broker with the permissions Sinergi ships
 * (deploy/base/nats-auth.conf), and this spec tries what the privacy-boundary issue reproduced
 * on the old stack — anonymous clients, a passive listener on `>`, enforcement calling rehab or
 * reading REHAB through JetStream, forged events, forged or replayed callers — and shows each
 * refused with the broker's or the service's own error. Then it looks for identities and
 * clinical notes where they must never be: Redis, every stream, every log.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { EnforcementEvents, RehabEvents, RehabRpc } from '@sinergi/contracts';
import { CALLER_HEADER, CallSigner, generateCallKeys, parseSigningKey } from '@sinergi/runtime';
import { eventually, REDIS_URL } from '@sinergi/runtime/testing';
import { Redis } from 'ioredis';
import { client, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('sec', { env: { gateway: { RATE_LIMIT_PER_USER: '100000' } } });
const ns = stack.ns;
const broker = ns.broker;
const api = client(() => stack.gateway.url);
const tokens: Record<string, string> = {};
const fixture = { facilityId: '', clientId: '', assessmentId: '' };
const IDENTITY = {
  fullName: 'Siti Nurhaliza Batas',
  nik: '3172014107990003',
  birthDate: '1999-07-01',
  address: 'Jl. Kebon Bawang 7, Tanjung Priok',
};
const NOTES = 'Ketergantungan sedang; riwayat putus zat pada Februari';
const connections: NatsConnection[] = [];

async function as(user: Parameters<typeof broker.connect>[0]): Promise<NatsConnection> {
  const nc = await broker.connect(user);
  connections.push(nc);
  return nc;
}

async function ok(response: Promise<Awaited<ReturnType<typeof api>>>, status = 201) {
  const r = await response;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The broker's asynchronous refusals on one connection (a denied subscribe is not thrown). */
function violations(nc: NatsConnection): string[] {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nc.status()) if (status.type === 'error') seen.push(String(status.error));
  })();
  return seen;
}

/** Every message of a stream, read by the broker's admin. */
async function sequentially<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await f(item));
  return out;
}

let adminJsm: Promise<Awaited<ReturnType<typeof jetstreamManager>>> | undefined;

/**
 * Every message of a stream, read by sequence as the admin user, over one connection for the
 * whole file. Four connections opened at once failed once on a fresh clone with "write EPIPE"
 * (the broker had closed one before its CONNECT, as it does when a client misses the auth
 * timeout on a busy machine); one connection, read stream after stream, does not race it.
 */
async function streamTexts(name: string): Promise<string[]> {
  adminJsm ??= as('admin').then((nc) => jetstreamManager(nc));
  const jsm = await adminJsm;
  const info = await jsm.streams.info(name).catch(() => undefined);
  const texts: string[] = [];
  for (let seq = info?.state.first_seq ?? 1; info && info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(name, { seq }).catch(() => null);
    if (message) texts.push(`${message.subject} ${message.string()}`);
  }
  return texts;
}

beforeAll(async () => {
  await stack.start();
  tokens.rehab = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'rehab-officer' });
  tokens.enforcement = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI', sub: 'polres' });
  tokens.analyst = await token({ roles: ['analyst'], region: 'ID', sub: 'analyst' });
  tokens.admin = await token({ roles: ['admin'], region: 'ID', sub: 'admin' });
  const R = tokens.rehab;
  const E = tokens.enforcement;

  // A client with an identity, a referred suspect whose assessment carries clinical notes, and
  // the referred user's admission — every write with an Idempotency-Key, so Redis holds answers.
  const idem = (key: string) => ({ 'idempotency-key': `${key}-${ns.id}` });
  fixture.facilityId = (
    await ok(
      api('POST', '/v1/rehab/facilities', {
        token: R,
        body: { name: 'Klinik Pratama Batas', kind: 'clinic', regionCode: '31.72' },
        headers: idem('facility'),
      }),
    )
  ).id;
  fixture.clientId = (
    await ok(
      api('POST', '/v1/rehab/clients', {
        token: R,
        body: { identity: IDENTITY, sex: 'female', regionCode: '31.72.01.1001' },
        headers: idem('client'),
      }),
    )
  ).id;
  const kase = await ok(
    api('POST', '/v1/enforcement/cases', {
      token: E,
      body: { regionCode: '31.72', agency: 'POLRI', openedOn: '2024-03-01' },
      headers: idem('case'),
    }),
  );
  const suspect = await ok(
    api('POST', `/v1/enforcement/cases/${kase.id}/suspects`, {
      token: E,
      body: { role: 'user', sex: 'female', age: 25, nationality: 'ID' },
    }),
  );
  fixture.assessmentId = (
    await ok(
      api('POST', `/v1/enforcement/suspects/${suspect.id}/assessment-requests`, {
        token: E,
        body: { requestedOn: '2024-03-02' },
      }),
    )
  ).id;
  await eventually(async () => {
    const pending = await api('GET', '/v1/rehab/assessments?status=pending', { token: R });
    expect(pending.body.items.map((a: { id: string }) => a.id)).toContain(fixture.assessmentId);
  });
  await ok(
    api('POST', `/v1/rehab/assessments/${fixture.assessmentId}/result`, {
      token: R,
      body: { recommendation: 'outpatient', decidedOn: '2024-03-05', notes: NOTES },
      headers: idem('result'),
    }),
    200,
  );
  await ok(
    api('POST', `/v1/rehab/clients/${fixture.clientId}/admissions`, {
      token: R,
      body: {
        facilityId: fixture.facilityId,
        program: 'outpatient',
        source: 'tat',
        assessmentId: fixture.assessmentId,
        primarySubstance: 'methamphetamine',
        admittedOn: '2024-03-09',
      },
      headers: idem('admission'),
    }),
  );
  const read = await api('GET', `/v1/rehab/clients/${fixture.clientId}`, {
    token: R,
    headers: { 'x-purpose': 'follow-up visit' },
  });
  expect(read.body.identity).toMatchObject({ fullName: IDENTITY.fullName });
  // Reporting matched the admission to its referral (by the keyed reference, not the id).
  await eventually(async () => {
    const linked = await queryDb<{ n: string }>(
      ns.databaseUrl('reporting'),
      `select count(*) as n from assessment a join rehab_episode e on e.referral_ref = a.referral_ref
       where a.assessment_id = $1`,
      [fixture.assessmentId],
    );
    expect(Number(linked[0]?.n)).toBe(1);
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
  await stack.stop();
}, 60_000);

describe('the broker keeps the boundary', () => {
  it('refuses an anonymous client, and a key it does not know', async () => {
    await expect(connect({ servers: broker.url, reconnect: false, timeout: 5000 })).rejects.toThrow(
      /Authorization Violation/,
    );
    const stranger = generateCallKeys('x'); // any credential the broker was not given
    await expect(
      connect({ servers: broker.url, reconnect: false, timeout: 5000, user: 'rehab', pass: stranger.signingKey }),
    ).rejects.toThrow(/Authorization Violation/);
  });

  it("does not let enforcement listen to everything, to rehab's events, its requests or anyone's replies", async () => {
    const nc = await as('enforcement');
    const seen = violations(nc);
    for (const subject of ['>', 'rehab.>', 'rpc.rehab.>', '_INBOX_gateway.>', '_INBOX_rehab.>']) nc.subscribe(subject);
    await eventually(() =>
      expect(seen).toEqual(
        expect.arrayContaining(
          ['>', 'rehab.>', 'rpc.rehab.>', '_INBOX_gateway.>', '_INBOX_rehab.>'].map((s) =>
            expect.stringContaining(`Permissions Violation for Subscription to "${s}"`),
          ),
        ),
      ),
    );
  });

  it('does not let enforcement call rehab: no identity, no TAT queue with its notes', async () => {
    const nc = await as('enforcement');
    for (const contract of [RehabRpc.getClient, RehabRpc.listAssessments]) {
      await expect(nc.request(contract.subject, '{}', { timeout: 3000 })).rejects.toThrow(
        `Permissions Violation for Publish to "${contract.subject}"`,
      );
    }
  });

  it('does not let enforcement read REHAB by any JetStream API, only its own filtered durable', async () => {
    const nc = await as('enforcement');
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    const refused = async (what: Promise<unknown>, subject: string) =>
      expect(what).rejects.toThrow(`Permissions Violation for Publish to "${subject}"`);
    await refused(jsm.streams.list().next(), '$JS.API.STREAM.LIST');
    await refused(jsm.streams.info('REHAB'), '$JS.API.STREAM.INFO.REHAB');
    await refused(jsm.streams.getMessage('REHAB', { seq: 1 }), '$JS.API.STREAM.MSG.GET.REHAB');
    await refused(jsm.direct.getMessage('REHAB', { seq: 1 }), '$JS.API.DIRECT.GET.REHAB');
    await refused(
      jsm.consumers.add('REHAB', { ack_policy: AckPolicy.Explicit }), // ephemeral, unfiltered
      '$JS.API.CONSUMER.CREATE.REHAB',
    );
    await refused(
      jsm.consumers.add('REHAB', { durable_name: 'spy', ack_policy: AckPolicy.Explicit }),
      '$JS.API.CONSUMER.CREATE.REHAB.spy',
    );
    await refused(
      jsm.consumers.add('REHAB', {
        durable_name: 'enforcement_from_rehab',
        ack_policy: AckPolicy.Explicit,
        filter_subject: 'rehab.>',
      }),
      '$JS.API.CONSUMER.CREATE.REHAB.enforcement_from_rehab.rehab.>',
    );
    // What it may do: read its own durable, filtered to the assessment's outcome and its overdue
    // notice (one filter: nats-server 2.9 takes one per consumer; enforcement.service.spec.ts
    // fails if any other rehab event would match it).
    const own = await jsm.consumers.info('REHAB', 'enforcement_from_rehab');
    expect(own.config.filter_subject).toBe('rehab.assessment.>');
  });

  it('lets nobody but rehab publish a rehab event: a forged admission is neither stored nor counted', async () => {
    const before = (await streamTexts('REHAB')).length;
    const forged = RehabEvents.clientAdmitted.envelope.parse({
      eventId: randomUUID(),
      type: RehabEvents.clientAdmitted.subject,
      version: RehabEvents.clientAdmitted.version,
      occurredAt: new Date().toISOString(),
      producer: 'rehab',
      regionCode: '31.72',
      correlationId: 'forged',
      payload: {
        admissionId: randomUUID(),
        clientId: randomUUID(),
        facilityId: randomUUID(),
        facilityKind: 'clinic',
        program: 'outpatient',
        source: 'voluntary',
        primarySubstance: 'methamphetamine',
        admittedOn: '2024-06-01',
        ageBand: '20-24',
        sex: 'male',
        referralRef: null,
      },
    });
    for (const user of ['gateway', 'enforcement', 'prevention', 'reporting'] as const) {
      await expect(
        jetstream(await as(user)).publish(forged.type, JSON.stringify(forged), { msgID: forged.eventId }),
      ).rejects.toThrow(`Permissions Violation for Publish to "${forged.type}"`);
    }
    expect((await streamTexts('REHAB')).length).toBe(before);
    expect((await streamTexts('REHAB')).some((text) => text.includes(forged.eventId))).toBe(false);
  });

  it("lets no service answer in another's name: enforcement cannot take rehab's requests", async () => {
    const nc = await as('enforcement');
    const seen = violations(nc);
    nc.subscribe(RehabRpc.getClient.subject, { queue: 'rehab' });
    await eventually(() =>
      expect(seen).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`Permissions Violation for Subscription to "${RehabRpc.getClient.subject}"`),
        ]),
      ),
    );
  });
});

describe('a service acts only on a caller the gateway signed', () => {
  /** A request as a compromised gateway credential could send it: raw, with or without a signature. */
  async function send(subject: string, input: unknown, signature?: string) {
    const nc = await as('gateway');
    const h = natsHeaders();
    if (signature !== undefined) h.set(CALLER_HEADER, signature);
    const reply = await nc.request(subject, JSON.stringify({ input }), { timeout: 5000, headers: h });
    return reply.json<{ ok: boolean; error?: { code: string; message: string }; data?: unknown }>();
  }
  const principal = { sub: 'forger', agency: 'BNN' as const, roles: ['rehab_officer' as const], region: 'ID' };
  const body = (input: unknown) => new TextEncoder().encode(JSON.stringify({ input }));
  const clientGet = () => ({ id: fixture.clientId, purpose: 'forged read' });

  it('refuses unsigned, forged, stale, replayed, re-targeted and altered requests, each with its reason', async () => {
    const subject = RehabRpc.getClient.subject;
    const gatewayKey = new CallSigner(parseSigningKey(ns.callKeys.signingKey));
    const strangerSameKid = new CallSigner(parseSigningKey(generateCallKeys('test1').signingKey));
    const strangerKid = new CallSigner(parseSigningKey(generateCallKeys('evil').signingKey));

    const cases: Array<[string, () => Promise<{ ok: boolean; error?: { code: string; message: string } }>, RegExp]> = [
      ['unsigned', () => send(subject, clientGet()), /carries no caller signature/],
      ['garbage', () => send(subject, clientGet(), 'not.a-jws'), /does not decode|compact JWS/],
      [
        'signed by another key under the gateway key id',
        () => send(subject, clientGet(), strangerSameKid.sign(subject, principal, 'r1', body(clientGet()))),
        /does not verify/,
      ],
      [
        'signed by an unknown key',
        () => send(subject, clientGet(), strangerKid.sign(subject, principal, 'r2', body(clientGet()))),
        /unknown key/,
      ],
      [
        'stale',
        () =>
          send(
            subject,
            clientGet(),
            gatewayKey.sign(subject, principal, 'r3', body(clientGet()), Date.now() - 120_000),
          ),
        /expired/,
      ],
      [
        're-targeted (signed for the facility list)',
        () =>
          send(
            subject,
            clientGet(),
            gatewayKey.sign(RehabRpc.listFacilities.subject, principal, 'r4', body(clientGet())),
          ),
        /another request subject/,
      ],
      [
        'altered body',
        () =>
          send(
            subject,
            { id: fixture.clientId, purpose: 'another purpose' },
            gatewayKey.sign(subject, principal, 'r5', body(clientGet())),
          ),
        /not the one that was signed/,
      ],
    ];
    for (const [name, attempt, reason] of cases) {
      const reply = await attempt();
      expect({ name, ok: reply.ok, code: reply.error?.code }).toEqual({ name, ok: false, code: 'unauthenticated' });
      expect(reply.error?.message).toMatch(reason);
    }

    // A captured, valid request replayed: the first is served, the copy is refused.
    const listInput = { regionCode: '31.72', limit: 5 };
    const captured = gatewayKey.sign(RehabRpc.listFacilities.subject, principal, 'r6', body(listInput));
    expect((await send(RehabRpc.listFacilities.subject, listInput, captured)).ok).toBe(true);
    const replay = await send(RehabRpc.listFacilities.subject, listInput, captured);
    expect(replay).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(replay.error?.message).toMatch(/already used/);
  });

  it('counts each refusal in a metric, and the forged reader never reached the audit log', async () => {
    const metrics = await (await fetch(`${stack.service('rehab').url}/metrics`)).text();
    for (const reason of [
      'unsigned',
      'malformed',
      'bad_signature',
      'unknown_key',
      'expired',
      'wrong_subject',
      'body_mismatch',
      'replayed',
    ]) {
      expect(metrics).toMatch(new RegExp(`sinergi_rpc_refused_total\\{[^}]*reason="${reason}"[^}]*\\} [1-9]`));
    }
    const audit = await queryDb<{ sub: string }>(ns.databaseUrl('rehab'), 'select sub from identity_audit');
    expect(audit.map((row) => row.sub)).not.toContain('forger');
    expect(audit.map((row) => row.sub)).toContain('rehab-officer');
  });
});

describe('nothing identifying or clinical leaves rehab', () => {
  const secrets = [IDENTITY.fullName, IDENTITY.nik, IDENTITY.address, NOTES, 'putus zat'];

  it('no event naming a client names the assessment that enforcement holds', async () => {
    const rehab = await streamTexts('REHAB');
    const naming = rehab.filter((text) => text.includes(fixture.assessmentId)).map((text) => text.split(' ')[0]);
    // The outcome, and the overdue notice if the sweep ran before the outcome was recorded.
    expect([...new Set(naming)].filter((s) => s !== RehabEvents.assessmentOverdue.subject)).toEqual([
      RehabEvents.assessmentCompleted.subject,
    ]);
    const admitted = rehab.find(
      (text) => text.startsWith(RehabEvents.clientAdmitted.subject) && text.includes('"tat"'),
    );
    expect(admitted).toMatch(/"referralRef":"[A-Za-z0-9_-]{43}"/);
  });

  it('finds no identity or clinical note in Redis, in any stream, or in any service log', async () => {
    const redis = new Redis(REDIS_URL);
    const values: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns.redisPrefix}*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          if (type === 'string') values.push(`${key} ${await redis.get(key)}`);
          else if (type === 'hash') values.push(`${key} ${JSON.stringify(await redis.hgetall(key))}`);
          else if (type === 'list') values.push(`${key} ${(await redis.lrange(key, 0, -1)).join(' ')}`);
          else if (type === 'set') values.push(`${key} ${(await redis.smembers(key)).join(' ')}`);
          else if (type === 'zset') values.push(`${key} ${(await redis.zrange(key, 0, -1)).join(' ')}`);
          else values.push(key);
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    // The idempotency store did keep the answers (sealed), or the scan would prove nothing.
    expect(values.filter((v) => v.includes(':idem:')).length).toBeGreaterThanOrEqual(4);
    const places: Record<string, string> = {
      redis: values.join('\n'),
      ...Object.fromEntries(
        await sequentially(['REHAB', 'ENFORCEMENT', 'PREVENTION', 'DLQ'], async (s) => [
          `stream ${s}`,
          (await streamTexts(s)).join('\n'),
        ]),
      ),
      ...Object.fromEntries([...stack.services].map(([name, s]) => [`log ${name}`, s.logs.join('\n')])),
    };
    expect((places['stream ENFORCEMENT'] ?? '').length).toBeGreaterThan(0);
    const leaks = Object.entries(places).flatMap(([where, text]) =>
      secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret}`),
    );
    expect(leaks).toEqual([]);
  });

  it('tells nobody what became of a referred suspect, and enforcement officers nothing of referrals below province', async () => {
    const indicators = async (as: string, region: string) =>
      Object.fromEntries(
        (
          await ok(api('GET', `/v1/reporting/indicators?regionCode=${region}&year=2024`, { token: as }), 200)
        ).indicators.map((i: { code: string }) => [i.code, i]),
      );
    const regency = await indicators(tokens.enforcement as string, '31.72');
    expect(regency['coordination.referral_admission_rate']).toMatchObject({
      value: null,
      suppressed: true,
      breakdowns: {},
    });
    expect(regency['rehab.admissions'].breakdowns.source).toBeUndefined();
    const provinceOfficer = await token({
      roles: ['enforcement_officer'],
      region: '31',
      agency: 'POLRI',
      sub: 'polda',
    });
    // One referral in the province, admitted: "100 %" would say so of that one suspect.
    const province = await indicators(provinceOfficer, '31');
    expect(province['coordination.referral_admission_rate']).toMatchObject({ value: null, suppressed: true });
    expect(province['rehab.admissions'].breakdowns.source).toEqual({ tat: 1 });
    // Nor is it published below province level for anyone.
    expect((await indicators(tokens.analyst as string, '31.72'))['coordination.referral_admission_rate']).toMatchObject(
      { value: null, suppressed: true },
    );
  });

  it("keeps enforcement's own durable and the events it reads free of any client", async () => {
    const events = await streamTexts('ENFORCEMENT');
    expect(events.some((e) => e.startsWith(EnforcementEvents.assessmentRequested.subject))).toBe(true);
    expect(events.join('\n')).not.toContain(fixture.clientId);
  });
});
