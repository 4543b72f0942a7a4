/**
 * The gateway's authorisation matrix and fuzzing, on all five services: every route in the
 * OpenAPI document × every role × a token for the object's own region, a sibling region and the
 * parent region. Deny by default (a role a route does not declare is 403), and an object outside
 * the caller's region answers 404 exactly like a missing one. Then thousands of generated and
 * mutated requests: no 5xx, and every answer matches its documented schema.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { eventually, REPO_ROOT } from '@sinergi/runtime/testing';
import { client, token } from '../support/http.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('m', {
  env: { gateway: { RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_PER_IP: '1000000' } },
});
const ROLES = ['rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin'] as const;
const REGIONS = { own: '31.72', other: '31.73', parent: '31' } as const;
const gateway = () => stack.gateway;
const api = client(() => gateway().url);
let doc: any;
const ids: Record<string, string> = {};

interface Operation {
  method: string;
  path: string;
  op: any;
}

function operations(): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
      // /metrics is served on its own port (its path-level `servers`), not on the API's.
      .filter(() => !methods.servers)
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** The id of a fixture in Jakarta Utara (31.72) for each path parameter. */
function fill(path: string): string {
  const byPath: Array<[RegExp, string]> = [
    [/\/rehab\/clients\/\{id\}/, ids.client as string],
    [/\/rehab\/admissions\/\{id\}/, ids.admission as string],
    [/\/rehab\/aftercare\/\{id\}/, ids.aftercare as string],
    [/\/rehab\/assessments\/\{id\}/, ids.assessment as string],
    [/\/enforcement\/cases\/\{id\}/, ids.case as string],
    [/\/enforcement\/suspects\/\{id\}/, ids.suspect as string],
    [/\/enforcement\/assessment-requests\/\{id\}/, ids.assessment as string],
    [/\/prevention\/vulnerable-areas\/\{id\}/, ids.area as string],
    [/\/reports\/\{id\}/, ids.report as string],
    [/\/reporting\/queue\/jobs\/\{id\}/, 'no-such-job'],
  ];
  let filled = path.replace('{code}', '31.72').replace('{name}', 'monthly').replace('{action}', 'submit');
  for (const [pattern, id] of byPath) if (pattern.test(filled)) filled = filled.replace('{id}', id);
  return filled;
}

function query(op: any): string {
  const params = (op.parameters ?? []).filter((p: any) => p.in === 'query');
  const pairs: string[] = [];
  for (const p of params) {
    if (p.name === 'regionCode') pairs.push('regionCode=31.72');
    else if (p.required || p.name === 'year') pairs.push(`${p.name}=${encodeURIComponent(String(p.example))}`);
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

const CSV = `regionCode,kind,segment,channel,on,participants,reach\n31.72,workshop,students,in_person,2024-03-03,25,\n`;

/** The documented example body, pointed at the Jakarta Utara fixtures. */
function body(op: any): unknown {
  const content = op.requestBody?.content ?? {};
  if (content['text/csv']) return CSV;
  const example = content['application/json']?.example;
  if (!example || typeof example !== 'object') return example;
  const refs: Record<string, string | undefined> = {
    facilityId: ids.facility,
    clientId: ids.client,
    assessmentId: ids.assessment,
    suspectId: ids.suspect,
  };
  return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, refs[k] ?? v]));
}

/** Whether the request names a record or region of Jakarta Utara, so that a caller elsewhere must get 404. */
function targetsRegion(path: string, op: any): boolean {
  const b = body(op);
  return (
    path.includes('{id}') ||
    (op.parameters ?? []).some((p: any) => p.in === 'query' && p.name === 'regionCode') ||
    (typeof b === 'string' && b.includes('31.72')) ||
    (typeof b === 'object' && b !== null && ('regionCode' in b || 'facilityId' in b))
  );
}

beforeAll(async () => {
  await stack.start();
  doc = (await api('GET', '/v1/openapi.json')).body;

  // Fixtures in Jakarta Utara, made by the officers who own them.
  const rehab = await token({ roles: ['rehab_officer'], region: '31.72' });
  const enforcement = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI' });
  const prevention = await token({ roles: ['prevention_officer'], region: '31.72', agency: 'PEMDA' });
  const analyst = await token({ roles: ['analyst'], region: '31.72' });
  const facility = await api('POST', '/v1/rehab/facilities', {
    token: rehab,
    body: { name: 'Klinik', kind: 'clinic', regionCode: '31.72' },
  });
  const c = await api('POST', '/v1/rehab/clients', {
    token: rehab,
    body: { identity: { fullName: 'Matrix Client', birthDate: '1990-01-01' }, sex: 'male', regionCode: '31.72' },
  });
  ids.client = c.body.id;
  ids.facility = facility.body.id;
  const admission = await api('POST', `/v1/rehab/clients/${ids.client}/admissions`, {
    token: rehab,
    body: {
      facilityId: facility.body.id,
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'cannabis',
      admittedOn: '2024-01-02',
    },
  });
  ids.admission = admission.body.id;
  await api('POST', `/v1/rehab/admissions/${ids.admission}/discharge`, {
    token: rehab,
    body: { outcome: 'completed', dischargedOn: '2024-03-01' },
  });
  ids.aftercare = (
    await api('POST', `/v1/rehab/admissions/${ids.admission}/aftercare`, {
      token: rehab,
      body: { startedOn: '2024-03-02' },
    })
  ).body.id;
  ids.case = (
    await api('POST', '/v1/enforcement/cases', {
      token: enforcement,
      body: { regionCode: '31.72', agency: 'POLRI', openedOn: '2024-02-01' },
    })
  ).body.id;
  ids.suspect = (
    await api('POST', `/v1/enforcement/cases/${ids.case}/suspects`, {
      token: enforcement,
      body: { role: 'user', sex: 'male', age: 30, nationality: 'ID' },
    })
  ).body.id;
  ids.assessment = (
    await api('POST', `/v1/enforcement/suspects/${ids.suspect}/assessment-requests`, {
      token: enforcement,
      body: { requestedOn: '2024-02-02' },
    })
  ).body.id;
  ids.area = (
    await api('POST', '/v1/prevention/vulnerable-areas', {
      token: prevention,
      body: { regionCode: '31.72.01.1001', name: 'Matrix area', riskLevel: 'waspada', assessedOn: '2024-01-01' },
    })
  ).body.id;
  ids.report = (
    await api('POST', '/v1/reports', {
      token: analyst,
      body: { kind: 'coordination', regionCode: '31.72', period: { year: 2024 } },
    })
  ).body.id;
  for (const [name, id] of Object.entries(ids)) if (!id) throw new Error(`fixture ${name} was not created`);
  // Rehab's copy of the assessment arrives by event.
  await eventually(async () => {
    const pending = await api('GET', '/v1/rehab/assessments?status=pending', { token: rehab });
    expect(pending.body.items.map((a: any) => a.id)).toContain(ids.assessment);
  });
}, 180_000);

afterAll(() => stack.stop(), 60_000);

/**
 * Who may call each route, written here from the users the domain names (the README's services
 * table and docs/security.md, "Tokens and roles"), not read from the code: a role the code
 * grants by mistake, or a route added without a decision here, fails the matrix.
 * - Officers write their own domain's records and read them; nobody else writes them.
 * - Planners and leaders (analysts, admins) read every domain's records in their region, set
 *   targets and read reports; admins also read the identity audit and run operations.
 * - Only a rehab officer reads a client's identity (with a purpose) or answers an assessment;
 *   an analyst may read a client's pseudonymous record.
 * - Every role may read live indicators, the region directory and request reports (the
 *   publication layer decides what each sees).
 */
const EVERYONE = ['rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin'];
const PLANNERS = ['analyst', 'admin'];
const readers = (officer: string) => [officer, ...PLANNERS];
const DOMAIN_ROLES: Record<string, string[]> = {
  'POST /v1/rehab/facilities': ['rehab_officer'],
  'GET /v1/rehab/facilities': readers('rehab_officer'),
  'POST /v1/rehab/clients': ['rehab_officer'],
  'POST /v1/rehab/clients/{id}/admissions': ['rehab_officer'],
  'GET /v1/rehab/clients/{id}': ['rehab_officer', 'analyst'],
  'POST /v1/rehab/admissions/{id}/discharge': ['rehab_officer'],
  'POST /v1/rehab/admissions/{id}/aftercare': ['rehab_officer'],
  'POST /v1/rehab/aftercare/{id}/follow-ups': ['rehab_officer'],
  'GET /v1/rehab/aftercare/overdue': readers('rehab_officer'),
  'POST /v1/rehab/certificates': ['rehab_officer'],
  'GET /v1/rehab/certificates': readers('rehab_officer'),
  'GET /v1/rehab/assessments': ['rehab_officer'],
  'POST /v1/rehab/assessments/{id}/result': ['rehab_officer'],
  'GET /v1/rehab/audit': ['admin'],
  'POST /v1/enforcement/cases': ['enforcement_officer'],
  'GET /v1/enforcement/cases': readers('enforcement_officer'),
  'GET /v1/enforcement/cases/{id}': readers('enforcement_officer'),
  'POST /v1/enforcement/cases/{id}/stage': ['enforcement_officer'],
  'POST /v1/enforcement/cases/{id}/suspects': ['enforcement_officer'],
  'POST /v1/enforcement/cases/{id}/seizures': ['enforcement_officer'],
  'GET /v1/enforcement/suspects/{id}': readers('enforcement_officer'),
  'POST /v1/enforcement/suspects/{id}/assessment-requests': ['enforcement_officer'],
  'GET /v1/enforcement/assessment-requests': readers('enforcement_officer'),
  'GET /v1/enforcement/assessment-requests/{id}': readers('enforcement_officer'),
  'POST /v1/enforcement/operations': ['enforcement_officer'],
  'POST /v1/enforcement/prison-snapshots': ['enforcement_officer'],
  'POST /v1/prevention/activities': ['prevention_officer'],
  'GET /v1/prevention/activities': readers('prevention_officer'),
  'POST /v1/prevention/activities:import': ['prevention_officer'],
  'POST /v1/prevention/vulnerable-areas': ['prevention_officer'],
  'POST /v1/prevention/vulnerable-areas/{id}/assessments': ['prevention_officer'],
  'GET /v1/prevention/vulnerable-areas': readers('prevention_officer'),
  'GET /v1/prevention/vulnerable-areas/{id}': readers('prevention_officer'),
  'POST /v1/prevention/bersinar-villages': ['prevention_officer'],
  'GET /v1/prevention/bersinar-villages': readers('prevention_officer'),
  'POST /v1/prevention/trainings': ['prevention_officer'],
  'GET /v1/prevention/trainings': readers('prevention_officer'),
  'GET /v1/reporting/indicators': EVERYONE,
  'GET /v1/reporting/trends': PLANNERS,
  'GET /v1/reporting/vulnerable-areas': PLANNERS,
  'PUT /v1/reporting/targets': PLANNERS,
  'GET /v1/reporting/targets': PLANNERS,
  'PUT /v1/reporting/reference-figures': PLANNERS,
  'GET /v1/reporting/reference-figures': EVERYONE,
  'POST /v1/reports': EVERYONE,
  'GET /v1/reports': EVERYONE,
  'GET /v1/reports/tdi': PLANNERS,
  'GET /v1/reports/{id}': EVERYONE,
  'GET /v1/reports/{id}/export': EVERYONE,
  'GET /v1/reporting/schedules': PLANNERS,
  'PUT /v1/reporting/schedules/{name}': ['admin'],
  'GET /v1/reporting/completeness': PLANNERS,
  'GET /v1/reporting/approvals': PLANNERS,
  'POST /v1/reporting/approvals/{action}': ['admin'],
  'GET /v1/reporting/dead-letters': ['admin'],
  'GET /v1/reporting/queue': ['admin'],
  'POST /v1/reporting/queue/jobs/{id}/retry': ['admin'],
  'DELETE /v1/reporting/queue/jobs/{id}': ['admin'],
  'GET /v1/regions': EVERYONE,
  'GET /v1/regions/{code}': EVERYONE,
};

/** The report queue is for national admins only: an admin of a province or regency gets 403. */
const NATIONAL_ONLY = /^\/v1\/reporting\/queue/;

/** Routes that are not about one region's records: reference data and national settings. */
const REGIONLESS = new Set([
  'GET /v1/regions/{code}',
  'GET /v1/reporting/schedules',
  'PUT /v1/reporting/schedules/{name}',
]);

describe('authorisation matrix', () => {
  it('denies by default, checks roles on every route, and hides other regions as 404', async () => {
    const failures: string[] = [];
    let tried = 0;
    // The dashboard's pages and session (/admin) have their own spec (report-queue-dashboard.spec.ts).
    const routes = operations().filter(
      ({ path, op }) => !(op.security && op.security.length === 0) && !path.startsWith('/admin'),
    );
    expect(routes.length).toBeGreaterThan(40);
    for (const { method, path, op } of routes) {
      // The document declares roles for every route, and they are the domain's.
      const declared = [...(op['x-roles'] ?? [])].sort();
      const allowed = [...(DOMAIN_ROLES[`${method} ${path}`] ?? [])].sort();
      expect({ route: `${method} ${path}`, declared }).toEqual({ route: `${method} ${path}`, declared: allowed });
      expect({ route: `${method} ${path}`, inTheDomainTable: allowed.length > 0 }).toEqual({
        route: `${method} ${path}`,
        inTheDomainTable: true,
      });
      for (const role of ROLES) {
        for (const [where, region] of Object.entries(REGIONS)) {
          tried += 1;
          const caller = await token({ roles: [role], region, sub: `${role}-${where}` });
          const url = `${fill(path)}${query(op)}`;
          const response = await api(method, url, { token: caller, body: body(op) });
          const route = `${method} ${path}`;
          let ok: boolean;
          let expected: string;
          if (!allowed.includes(role) || NATIONAL_ONLY.test(path)) {
            ok = response.status === 403;
            expected = '403';
          } else if (where === 'other' && route === 'POST /v1/prevention/activities:import') {
            // A file is checked line by line: a row in another region is a bad line, named with its field.
            ok = response.status === 400 && JSON.stringify(response.body.errors).includes('regionCode');
            expected = "400 naming the row's regionCode";
          } else if (where === 'other' && !REGIONLESS.has(route) && targetsRegion(path, op)) {
            ok = response.status === 404;
            expected = '404';
          } else {
            // Two routes decide a level past the role: schedules are the nation's, and a step of the
            // sign-off chain is taken by one office (a regency submits, its parent approves).
            ok =
              ![401, 403, 404].includes(response.status) ||
              (route === 'PUT /v1/reporting/schedules/{name}' && response.status === 403) ||
              (route === 'POST /v1/reporting/approvals/{action}' && response.status === 403);
            expected = 'not 401/403/404';
          }
          if (response.status >= 500) ok = false;
          if (!ok)
            failures.push(
              `${route} as ${role}@${region}: ${response.status} (expected ${expected}) ${JSON.stringify(response.body?.detail ?? '')}`,
            );
        }
      }
    }
    console.log(
      `authorisation matrix: ${tried} combinations (${routes.length} routes × ${ROLES.length} roles × 3 regions), ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
  });

  it('refuses every protected route without a token', async () => {
    for (const { method, path, op } of operations()) {
      if ((op.security && op.security.length === 0) || path.startsWith('/admin')) continue;
      const response = await api(method, `${fill(path)}${query(op)}`, { body: body(op) });
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
    }
  });
});

describe('fuzzing from the OpenAPI document', () => {
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({
    strict: false,
    allErrors: false,
    validateFormats: false,
  });

  function responseSchema(op: any, status: number): any {
    const response = op.responses?.[String(status)];
    if (!response) return undefined;
    const content = response.content ?? {};
    const json = content['application/json'] ?? content['application/problem+json'];
    if (!json?.schema) return undefined;
    return json.schema.$ref ? doc.components.schemas.Problem : json.schema;
  }

  /** Mutations of a valid example: drop a field, change its type, add garbage, send nonsense. */
  const mutation = (example: unknown) =>
    fc.oneof(
      fc.constant(example),
      fc.jsonValue(),
      fc.record({ junk: fc.string(), __proto__: fc.constant(1) }),
      fc.constantFrom('', ...Object.keys((example as object) ?? {})).chain((key) =>
        fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string(), fc.integer(), fc.constant(null)).map((value) => ({
          ...(example as object),
          [key]: value,
        })),
      ),
    );

  it('finds no 5xx and no answer outside its documented schema', async () => {
    // No one token holds both rehab_officer and enforcement_officer (the gateway refuses it): the
    // enforcement routes are fuzzed with a token that has every role but rehab's, the rest with rehab's.
    const admin = await token({
      roles: ['admin', 'analyst', 'rehab_officer', 'prevention_officer'],
      region: 'ID',
      sub: 'fuzzer',
    });
    const enforcer = await token({
      roles: ['admin', 'analyst', 'enforcement_officer', 'prevention_officer'],
      region: 'ID',
      sub: 'fuzzer-enforcement',
    });
    let sent = 0;
    const problems: string[] = [];
    const routes = operations().filter(({ path }) => !path.startsWith('/docs'));
    for (const { method, path, op } of routes) {
      const example = body(op);
      await fc.assert(
        fc.asyncProperty(
          example !== undefined ? mutation(example) : fc.constant(undefined),
          fc.oneof(
            fc.constant(''),
            fc.string({ maxLength: 20 }).map((s) => `?regionCode=${encodeURIComponent(s)}&limit=${s.length - 3}`),
          ),
          fc.oneof(
            fc.constant(fill(path)),
            fc
              .string({ minLength: 1, maxLength: 12 })
              .map((s) => fill(path).replace(/[0-9a-f-]{36}/, encodeURIComponent(s))),
          ),
          async (payload, q, url) => {
            sent += 1;
            const response = await api(method, `${url}${q || query(op)}`, {
              token: path.startsWith('/v1/enforcement') ? enforcer : admin,
              body: payload,
            });
            if (response.status >= 500)
              problems.push(`${method} ${url}${q}: ${response.status} ${JSON.stringify(response.body)}`);
            const schema = responseSchema(op, response.status);
            const type = response.headers.get('content-type') ?? '';
            if (schema && /json/.test(type) && !ajv.validate(schema, response.body)) {
              problems.push(`${method} ${url}: ${response.status} answer breaks its schema: ${ajv.errorsText()}`);
            }
          },
        ),
        { numRuns: 40, seed: 20261123 },
      );
    }
    console.log(`fuzzing: ${sent} requests over ${routes.length} routes, ${problems.length} problems`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2000);
  }, 600_000);
});

/**
 * Inputs an agency's integration or an attacker sends on purpose: each answers 4xx problem+json
 * naming the field, and nothing of it reaches a log line.
 */
describe('hostile input', () => {
  const MARKER = 'Zq7hostile';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const BAD_CURSORS = [
    'x',
    b64(['2024-01-01T00:00:00.000Z', 'not-a-uuid']),
    b64([1, 2]),
    b64({ createdAt: '2024-01-01' }),
    '%00',
    'A'.repeat(5000),
  ];
  let all: string;
  let enforcer: string;

  beforeAll(async () => {
    all = await token({ roles: ['admin', 'analyst', 'rehab_officer', 'prevention_officer'], region: 'ID' });
    enforcer = await token({ roles: ['enforcement_officer', 'analyst'], region: 'ID', agency: 'POLRI' });
  });

  const tokenFor = (path: string) => (path.startsWith('/v1/enforcement') ? enforcer : all);

  it('refuses a malformed cursor on every list route with 400 naming cursor', async () => {
    const lists = operations().filter(({ op }) => (op.parameters ?? []).some((p: any) => p.name === 'cursor'));
    expect(lists.length).toBeGreaterThanOrEqual(10);
    const wrong: string[] = [];
    for (const { method, path, op } of lists) {
      for (const cursor of BAD_CURSORS) {
        const sep = query(op) ? '&' : '?';
        const response = await api(method, `${fill(path)}${query(op)}${sep}cursor=${encodeURIComponent(cursor)}`, {
          token: tokenFor(path),
        });
        const named = (response.body?.errors ?? []).some((e: any) => e.path === 'cursor');
        if (response.status !== 400 || !named) wrong.push(`${path} cursor=${cursor.slice(0, 20)}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses deeply nested JSON, with or without an Idempotency-Key, as 400', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    for (const text of [deep, deepObject]) {
      for (const headers of [{}, { 'idempotency-key': `deep-${text.length}` }]) {
        const response = await fetch(`${gateway().url}/v1/rehab/facilities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${all}`, 'content-type': 'application/json', ...headers },
          body: text,
        });
        expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
          status: 400,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect((await response.json()).errors).toEqual([
          { path: '(body)', message: expect.stringContaining('deeper') },
        ]);
      }
    }
  });

  it('refuses a NUL, a lone surrogate and an over-long string in a name, a reference and notes', async () => {
    const rehab = await token({ roles: ['rehab_officer'], region: '31.72' });
    const police = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI' });
    const cases: Array<{ path: string; token: string; body: (bad: string) => object; field: string }> = [
      {
        path: '/v1/rehab/facilities',
        token: rehab,
        body: (bad) => ({ name: bad, kind: 'clinic', regionCode: '31.72' }),
        field: 'name',
      },
      {
        path: '/v1/enforcement/cases',
        token: police,
        body: (bad) => ({ regionCode: '31.72', agency: 'POLRI', openedOn: '2024-02-01', reference: bad }),
        field: 'reference',
      },
      {
        path: `/v1/rehab/assessments/${ids.assessment}/result`,
        token: rehab,
        body: (bad) => ({ recommendation: 'outpatient', decidedOn: '2024-02-03', notes: bad }),
        field: 'notes',
      },
    ];
    const wrong: string[] = [];
    for (const { path, token: t, body: make, field } of cases) {
      for (const bad of [`${MARKER}\u0000x`, `${MARKER}\ud800x`, `${MARKER}\udc00`, `${MARKER}${'x'.repeat(20_000)}`]) {
        const response = await api('POST', path, { token: t, body: make(bad) });
        const named = (response.body?.errors ?? []).some((e: any) => e.path === field);
        if (response.status !== 400 || !named)
          wrong.push(
            `${path} ${JSON.stringify(bad.slice(0, 14))}: ${response.status} ${JSON.stringify(response.body)}`,
          );
      }
      // A surrogate pair (an emoji) is text like any other: it is not refused for its encoding.
      const emoji = await api('POST', path, { token: t, body: make('Klinik 🌿 Sehat') });
      expect(emoji.status).toBeLessThan(500);
      expect((emoji.body?.errors ?? []).filter((e: any) => e.path === field && /Unicode|NUL/.test(e.message))).toEqual(
        [],
      );
    }
    expect(wrong).toEqual([]);
    // Nothing of the payloads reached any process's log.
    for (const service of stack.services.values()) {
      expect(service.logs.filter((line) => line.includes(MARKER))).toEqual([]);
    }
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const response = await api('POST', '/v1/rehab/facilities', {
      token: all,
      body: { name: 'x'.repeat(2 * 1024 * 1024), kind: 'clinic', regionCode: '31.72' },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('sends the security headers on API answers, pages and exports', async () => {
    const rehab = await token({ roles: ['rehab_officer'], region: '31.72' });
    const identity = await api('GET', `/v1/rehab/clients/${ids.client}`, {
      token: rehab,
      headers: { 'x-purpose': 'matrix check' },
    });
    expect(identity.status).toBe(200);
    for (const response of [identity, await api('GET', '/v1/openapi.json'), await api('GET', '/docs')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    expect(identity.headers.get('cache-control')).toBe('no-store');
    expect(identity.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(identity.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    const analyst = await token({ roles: ['analyst'], region: '31.72' });
    await eventually(
      async () => {
        const report = await api('GET', `/v1/reports/${ids.report}`, { token: analyst });
        expect(report.body.status).toBe('done');
      },
      { timeoutMs: 60_000 },
    );
    for (const format of ['html', 'csv']) {
      const file = await api('GET', `/v1/reports/${ids.report}/export?format=${format}`, { token: analyst });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(file.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(file.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves /metrics on its own port, not on the API port', async () => {
    expect((await fetch(`${gateway().url}/metrics`)).status).toBe(404);
    const metrics = await fetch(gateway().metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('sinergi_http_request_duration_seconds');
  });
});

describe('API lint', () => {
  it("passes Spectral's OpenAPI and OWASP rulesets with no error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sinergi-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    try {
      const run = spawnSync(
        join(REPO_ROOT, 'node_modules', '.bin', 'spectral'),
        ['lint', '--ruleset', join(REPO_ROOT, '.spectral.yaml'), '--format', 'json', '--quiet', file],
        { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      );
      const results = JSON.parse(run.stdout || '[]') as Array<{ code: string; severity: number; path: string[] }>;
      const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}`);
      console.log(`spectral: ${results.length} findings, ${errors.length} errors`);
      expect(errors.slice(0, 30)).toEqual([]);
      expect(run.status === 0 || run.status === 1).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
