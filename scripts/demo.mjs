// The demo data set, written through the public API (the gateway over HTTP, with tokens signed
// like scripts/token.mjs). It reproduces every figure the agencies' own reports give (checked by
// test/e2e/demo.spec.ts) and adds modest background activity elsewhere so national and
// provincial reports are not empty.
//
//   npm run demo                      GATEWAY_URL (default http://127.0.0.1:3000), JWT_SECRET
//   node scripts/demo.mjs --concurrency 12 --background-scale 0.5
//
// Idempotent: when the completion marker (a facility in 31.72 with a known name) is there, it does
// nothing. Every write carries an Idempotency-Key, so a retried request (503, 504, a dropped
// connection, 429) is answered once. Random but reproducible: one seeded generator.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: process.env.DEMO_CONCURRENCY ?? '12' },
    /** Multiplies the background only (other provinces); the seed figures never change. */
    'background-scale': { type: 'string', default: process.env.DEMO_BACKGROUND_SCALE ?? '1' },
    'settle-timeout': { type: 'string', default: process.env.DEMO_SETTLE_TIMEOUT_S ?? '900' },
    quiet: { type: 'boolean', default: false },
  },
});
const GATEWAY = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const CONCURRENCY = Math.max(1, Number(args.concurrency));
const BACKGROUND_SCALE = Math.max(0, Number(args['background-scale']));
const SETTLE_TIMEOUT_MS = Number(args['settle-timeout']) * 1000;

/** The last write of a complete load; its presence means "already loaded". */
const MARKER_FACILITY = 'Klinik IPWL Sinergi Demo Jakarta Utara';
/** A reporting unit that goes silent halfway through 2024 (completeness, issue #15). */
const SILENT_FACILITY = 'Puskesmas Paal Lima Kota Jambi';
/** The first write; present without the marker means an earlier load was interrupted. */
const FIRST_FACILITY = 'Klinik Pratama BNN Kota Jakarta Utara';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[demo ${elapsed()}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- secrets and tokens ----------

/** The HS256 secret and the issuer and audience the gateway checks: given (compose), or the clone's own. */
async function tokenSettings() {
  const given = process.env.JWT_SECRET_FILE
    ? { ...process.env, JWT_SECRET: readFileSync(process.env.JWT_SECRET_FILE, 'utf8').trim() }
    : process.env;
  const env = given.JWT_SECRET ? given : await (await import('./dev-env.mjs')).envFor('demo');
  return { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
}
const TOKEN_SETTINGS = await tokenSettings();
const SECRET = new TextEncoder().encode(TOKEN_SETTINGS.secret);
const tokens = new Map();
const withIssuer = (jwt) => {
  if (TOKEN_SETTINGS.issuer) jwt.setIssuer(TOKEN_SETTINGS.issuer);
  if (TOKEN_SETTINGS.audience) jwt.setAudience(TOKEN_SETTINGS.audience);
  return jwt;
};
/** One officer per role and region (distinct `sub`s, as real users would be). */
async function tokenFor(role, region, agency = 'BNN') {
  const key = `${role}|${region}|${agency}`;
  if (!tokens.has(key)) {
    tokens.set(
      key,
      await withIssuer(
        new SignJWT({ agency, roles: [role], region })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(`demo-${role}-${region}-${agency}`.toLowerCase())
          .setIssuedAt()
          .setExpirationTime('4h'),
      ).sign(SECRET),
    );
  }
  return tokens.get(key);
}

// ---------- HTTP ----------

const RUN = randomBytes(4).toString('hex');
let keySeq = 0;
const stats = { requests: 0, writes: 0, retries: 0, rateLimited: 0 };

class ApiError extends Error {
  constructor(method, path, status, body) {
    const detail =
      typeof body === 'object' && body
        ? `${body.title ?? ''} ${body.detail ?? ''} ${JSON.stringify(body.errors ?? [])}`
        : String(body);
    super(`${method} ${path} answered ${status}: ${detail.trim()}`);
    this.status = status;
    this.body = body;
  }
}

/** One request; retries 429 (after Retry-After), 502/503/504 and network errors under the same Idempotency-Key. */
async function api(method, path, { token, body, csv } = {}) {
  const write = method !== 'GET';
  const headers = { authorization: `Bearer ${token}` };
  if (write) headers['idempotency-key'] = `demo-${RUN}-${++keySeq}`;
  let payload;
  if (csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = csv;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  for (let attempt = 1; ; attempt++) {
    stats.requests++;
    let response;
    try {
      response = await fetch(`${GATEWAY}${path}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      if (attempt >= 8) throw new Error(`${method} ${path}: ${error.message}`);
      stats.retries++;
      await sleep(250 * 2 ** Math.min(attempt, 5));
      continue;
    }
    const text = await response.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    if (response.status === 429 && attempt < 200) {
      stats.rateLimited++;
      const wait = Number(response.headers.get('retry-after') ?? 1);
      if (stats.rateLimited === 1 || stats.rateLimited % 500 === 0) {
        log(
          `the gateway's rate limit answered 429 (${stats.rateLimited} so far); waiting ${wait} s and retrying ` +
            '(a local stack loads faster started with RATE_LIMIT_PER_IP=100000 RATE_LIMIT_PER_USER=100000)',
        );
      }
      await sleep(wait * 1000 + Math.random() * 500);
      continue;
    }
    const retryable =
      [502, 503, 504].includes(response.status) || (response.status === 409 && /still being processed/.test(text));
    if (retryable && attempt < 8) {
      stats.retries++;
      await sleep(250 * 2 ** Math.min(attempt, 5));
      continue;
    }
    if (!response.ok) throw new ApiError(method, path, response.status, parsed);
    if (write) stats.writes++;
    return parsed;
  }
}

/** Runs `fn` over `items` with `CONCURRENCY` in flight; reports progress every few seconds. */
async function pool(label, items, fn, concurrency = CONCURRENCY) {
  let next = 0;
  let done = 0;
  const total = items.length;
  if (total === 0) return [];
  const results = new Array(total);
  const timer = args.quiet ? undefined : setInterval(() => log(`${label}: ${done}/${total}`), 5000);
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, total) }, async () => {
        while (next < total) {
          const i = next++;
          results[i] = await fn(items[i], i);
          done++;
        }
      }),
    );
  } finally {
    if (timer) clearInterval(timer);
  }
  log(`${label}: ${done}/${total} done`);
  return results;
}

// ---------- a reproducible generator ----------

let seed = 0x51e6e761;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
/** Picks by weight: `[[value, weight], ...]`. */
function weighted(pairs) {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of pairs) {
    r -= w;
    if (r < 0) return value;
  }
  return pairs[pairs.length - 1][0];
}
/** Splits `total` into integers proportional to `weights` that sum exactly to `total`. */
function split(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) out[order[k][1]]++;
  return out;
}
const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
/** A random day in `year`, months `from`..`to` inclusive (day ≤ 28, so every month has it). */
const dateIn = (year, from = 1, to = 12) => iso(year, int(from, to), int(1, 28));
const scaled = (n) => Math.round(n * BACKGROUND_SCALE);

const FIRST_NAMES = {
  male: [
    'Budi',
    'Agus',
    'Andi',
    'Rizky',
    'Dedi',
    'Hendra',
    'Fajar',
    'Yusuf',
    'Ahmad',
    'Bayu',
    'Dimas',
    'Eko',
    'Irfan',
    'Joko',
    'Rudi',
    'Wahyu',
  ],
  female: ['Siti', 'Rina', 'Dewi', 'Ayu', 'Putri', 'Nur', 'Lestari', 'Wulan', 'Fitri', 'Indah', 'Maya', 'Ratna'],
};
const LAST_NAMES = [
  'Santoso',
  'Saputra',
  'Pratama',
  'Wijaya',
  'Hidayat',
  'Nugroho',
  'Setiawan',
  'Kurniawan',
  'Siregar',
  'Lubis',
  'Hasibuan',
  'Simanjuntak',
  'Wulandari',
  'Rahmawati',
  'Susanti',
  'Halim',
];
const STREETS = [
  'Jl. Muara Baru',
  'Jl. Pluit Raya',
  'Jl. Kramat',
  'Jl. Cempaka',
  'Jl. Melati',
  'Jl. Anggrek',
  'Gg. Masjid',
  'Jl. Pasar Baru',
  'Jl. Mawar',
];

function person(admittedOn) {
  const sex = random() < 0.87 ? 'male' : 'female';
  const year = Number(admittedOn.slice(0, 4)) - int(16, 48);
  return {
    sex,
    identity: {
      fullName: `${pick(FIRST_NAMES[sex])} ${pick(LAST_NAMES)}`,
      birthDate: iso(year, int(1, 12), int(1, 28)),
      address: `${pick(STREETS)} No. ${int(1, 200)}`,
    },
  };
}
const substance = () =>
  weighted([
    ['methamphetamine', 70],
    ['cannabis', 14],
    ['synthetic_cannabinoid', 8],
    ['mdma', 6],
    ['heroin', 2],
  ]);

// ---------- building blocks ----------

async function facility(token, name, kind, regionCode) {
  return (await api('POST', '/v1/rehab/facilities', { token, body: { name, kind, regionCode } })).id;
}

/** Registers a client and admits them; returns the admission. */
async function admit(
  token,
  { facilityId, clientRegion, admittedOn, program = 'outpatient', source = 'voluntary', assessmentId },
) {
  const who = person(admittedOn);
  const client = await api('POST', '/v1/rehab/clients', {
    token,
    body: { identity: who.identity, sex: who.sex, regionCode: clientRegion },
  });
  return api('POST', `/v1/rehab/clients/${client.id}/admissions`, {
    token,
    body: {
      facilityId,
      program,
      source,
      primarySubstance: substance(),
      admittedOn,
      ...(assessmentId ? { assessmentId } : {}),
    },
  });
}

/** Completes a treatment and starts aftercare, with a first follow-up a month later. */
async function completeWithAftercare(token, admission, { dischargedOn, followUp = true }) {
  await api('POST', `/v1/rehab/admissions/${admission.id}/discharge`, {
    token,
    body: { outcome: 'completed', dischargedOn },
  });
  const aftercare = await api('POST', `/v1/rehab/admissions/${admission.id}/aftercare`, {
    token,
    body: { startedOn: dischargedOn },
  });
  if (followUp) {
    await api('POST', `/v1/rehab/aftercare/${aftercare.id}/follow-ups`, {
      token,
      body: {
        date: addDays(dischargedOn, int(20, 30)),
        status: weighted([
          ['abstinent', 8],
          ['relapsed', 1],
        ]),
        employed: random() < 0.5,
      },
    });
  }
}

async function activitiesCsv(token, rows) {
  const lines = ['regionCode,kind,segment,channel,on,participants,reach'];
  for (const r of rows)
    lines.push([r.regionCode, r.kind, r.segment, r.channel, r.on, r.participants ?? 0, r.reach ?? ''].join(','));
  return api('POST', '/v1/prevention/activities:import', { token, csv: `${lines.join('\n')}\n` });
}

const KINDS = ['socialization', 'counseling', 'workshop', 'talk_show', 'dialogue', 'campaign'];
const SEGMENTS = ['students', 'workers', 'community', 'families', 'private_sector', 'education', 'customary'];
function inPersonActivity(regionCode, on) {
  return {
    regionCode,
    kind: pick(KINDS),
    segment: pick(SEGMENTS),
    channel: 'in_person',
    on,
    participants: int(15, 250),
  };
}

async function children(token, code) {
  const region = await api('GET', `/v1/regions/${code}`, { token });
  return region.children.map((c) => c.code);
}

// ---------- start ----------

async function waitForGateway() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const response = await fetch(`${GATEWAY}/health/ready`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the gateway at ${GATEWAY} is not ready after 180 s`);
    await sleep(1000);
  }
}

async function facilityNames(token, regionCode) {
  const names = new Set();
  let cursor;
  do {
    const page = await api(
      'GET',
      `/v1/rehab/facilities?regionCode=${regionCode}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    for (const f of page.items) names.add(f.name);
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

async function main() {
  log(
    `loading the demo data set through ${GATEWAY} (${CONCURRENCY} requests in flight, background ×${BACKGROUND_SCALE})`,
  );
  await waitForGateway();
  const analyst = await tokenFor('analyst', 'ID');
  const existing = await facilityNames(analyst, '31.72');
  if (existing.has(MARKER_FACILITY)) {
    log(`the demo data set is already loaded (facility "${MARKER_FACILITY}" exists in 31.72); nothing to do`);
    return;
  }
  if (existing.has(FIRST_FACILITY)) {
    throw new Error(
      `an earlier demo load was interrupted ("${FIRST_FACILITY}" exists but not "${MARKER_FACILITY}"); ` +
        'loading again would count twice: reset the databases and run it again',
    );
  }

  // ---------- Jakarta Utara (31.72), 2024 ----------
  const jakut = await tokenFor('rehab_officer', '31.72');
  const jakutEnf = await tokenFor('enforcement_officer', '31.72', 'POLRI');
  const jakutPrev = await tokenFor('prevention_officer', '31.72');
  const clinicJakut = await facility(jakut, FIRST_FACILITY, 'clinic', '31.72');
  const ibmPenjaringan = await facility(jakut, 'IBM Kelurahan Penjaringan', 'ibm_unit', '31.72.01.1001');
  const ibmSemperBarat = await facility(jakut, 'IBM Kelurahan Semper Barat', 'ibm_unit', '31.72.04.1007');
  const puskesmasKoja = await facility(jakut, 'Puskesmas Kecamatan Koja', 'puskesmas', '31.72.03');
  const jakutDistricts = await children(analyst, '31.72');
  log('Jakarta Utara: facilities registered (clinic, IBM Penjaringan, IBM Semper Barat, puskesmas)');

  for (const [indicator, target] of [
    ['rehab.admissions', 100],
    ['rehab.aftercare_clients', 15],
    ['rehab.skhpn_issued', 150],
  ]) {
    await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '31.72', year: 2024, indicator, target },
    });
  }
  log('Jakarta Utara: 2024 targets set (admissions 100, aftercare 15, SKHPN 150)');

  // 200 integrated assessments: 100 police cases, each with two users holding small amounts.
  const assessmentRequests = await pool(
    'Jakarta Utara: cases and assessment requests',
    Array.from({ length: 100 }, (_, i) => i),
    async (i) => {
      const openedOn = dateIn(2024, 1, 10);
      const narcoticsCase = await api('POST', '/v1/enforcement/cases', {
        token: jakutEnf,
        body: {
          regionCode: pick(jakutDistricts),
          agency: i % 4 === 0 ? 'BNN' : 'POLRI',
          openedOn,
          reference: `LP/${int(100, 999)}/${pad(int(1, 12))}/2024/PMJ/Res.JU`,
        },
      });
      const requests = [];
      for (let k = 0; k < 2; k++) {
        const suspect = await api('POST', `/v1/enforcement/cases/${narcoticsCase.id}/suspects`, {
          token: jakutEnf,
          body: { role: 'user', sex: random() < 0.9 ? 'male' : 'female', age: int(18, 45), nationality: 'ID' },
        });
        await api('POST', `/v1/enforcement/cases/${narcoticsCase.id}/seizures`, {
          token: jakutEnf,
          body: {
            suspectId: suspect.id,
            substance: 'methamphetamine',
            quantity: `0.${int(10, 95)}`,
            unit: 'g',
            seizedOn: openedOn,
          },
        });
        const request = await api('POST', `/v1/enforcement/suspects/${suspect.id}/assessment-requests`, {
          token: jakutEnf,
          body: { requestedOn: addDays(openedOn, int(0, 2)) },
        });
        requests.push(request);
      }
      return requests;
    },
  );

  // 173 SKHPN certificates.
  const purposes = [
    ['employment', 40],
    ['education', 25],
    ['civil_service', 12],
    ['military_police', 8],
    ['driving_license', 6],
    ['public_office', 4],
    ['legal', 3],
    ['other', 2],
  ];
  await pool(
    'Jakarta Utara: 173 SKHPN certificates',
    Array.from({ length: 173 }, (_, i) => i),
    async (i) =>
      api('POST', '/v1/rehab/certificates', {
        token: jakut,
        body: {
          // A certificate is issued in its facility's region (or below).
          regionCode: i % 5 === 0 ? '31.72.03' : '31.72',
          facilityId: i % 5 === 0 ? puskesmasKoja : clinicJakut,
          issuedOn: dateIn(2024),
          purpose: weighted(purposes),
          result: i % 29 === 0 ? 'positive' : 'negative',
        },
      }),
  );

  // 1,839 P4GN activities (one CSV import); the 150 digital ones reach 591,349 people in all.
  const digitalReach = split(
    591_349,
    Array.from({ length: 150 }, () => 0.3 + random()),
  );
  const jakutActivities = [];
  for (let i = 0; i < 1839 - 150; i++) {
    const region = i % 10 === 0 ? pick(['31.72.01.1001', '31.72.04.1007']) : pick(jakutDistricts);
    jakutActivities.push(inPersonActivity(region, dateIn(2024)));
  }
  for (const reach of digitalReach) {
    jakutActivities.push({
      regionCode: '31.72',
      kind: pick(['campaign', 'talk_show', 'socialization']),
      segment: pick(['students', 'community', 'media', 'families']),
      channel: 'digital',
      on: dateIn(2024),
      participants: 0,
      reach,
    });
  }
  const imported = await activitiesCsv(jakutPrev, jakutActivities);
  log(`Jakarta Utara: ${imported.imported} activities imported (digital reach 591,349)`);

  // Both IBM villages are also Kelurahan Bersinar; raids on nightlife venues.
  await api('POST', '/v1/prevention/bersinar-villages', {
    token: jakutPrev,
    body: { regionCode: '31.72.01.1001', designatedOn: '2024-03-12' },
  });
  await api('POST', '/v1/prevention/bersinar-villages', {
    token: jakutPrev,
    body: { regionCode: '31.72.04.1007', designatedOn: '2024-05-20' },
  });
  for (const on of ['2024-02-17', '2024-04-06', '2024-06-22', '2024-08-31', '2024-10-19', '2024-12-14']) {
    const peopleTested = int(30, 140);
    await api('POST', '/v1/enforcement/operations', {
      token: jakutEnf,
      body: {
        regionCode: pick(['31.72.01', '31.72.05', '31.72.02']),
        kind: 'raid',
        venueType: 'nightlife',
        on,
        peopleTested,
        positives: int(1, Math.round(peopleTested / 8)),
      },
    });
  }
  log('Jakarta Utara: Bersinar villages Penjaringan and Semper Barat; 6 nightlife raids');

  // The TAT answers: 130 rehabilitation (outpatient), 70 legal process; 70 of the 130 admitted.
  const requests = assessmentRequests.flat();
  const pending = new Set(requests.map((r) => r.id));
  const deadline = Date.now() + 120_000;
  while (pending.size > 0) {
    let cursor;
    do {
      const page = await api(
        'GET',
        `/v1/rehab/assessments?status=pending&regionCode=31.72&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: jakut },
      );
      for (const a of page.items) pending.delete(a.id);
      cursor = page.nextCursor;
    } while (cursor);
    if (pending.size === 0) break;
    if (Date.now() > deadline)
      throw new Error(`rehab has not received ${pending.size} assessment requests after 120 s`);
    await sleep(1000);
  }
  const tatAdmissions = await pool('Jakarta Utara: TAT results and referrals', requests, async (request, i) => {
    const recommendation = i % 20 < 13 ? 'outpatient' : 'legal_process';
    const decidedOn = addDays(request.requestedOn, i % 11 === 0 ? int(7, 9) : int(2, 6));
    await api('POST', `/v1/rehab/assessments/${request.id}/result`, {
      token: jakut,
      body: {
        recommendation,
        decidedOn,
        ...(i % 7 === 0 ? { notes: 'Pengguna coba-coba; keluarga mendukung rawat jalan.' } : {}),
      },
    });
    return recommendation === 'outpatient' ? { decidedOn, assessmentId: request.id } : null;
  });
  const referred = tatAdmissions.filter(Boolean).slice(0, 70); // 130 recommended rehabilitation, 70 admitted
  if (referred.length !== 70) throw new Error(`expected 70 TAT referrals, got ${referred.length}`);
  await pool('Jakarta Utara: 70 TAT admissions', referred, async ({ decidedOn, assessmentId }, i) =>
    admit(jakut, {
      facilityId: [clinicJakut, ibmPenjaringan, ibmSemperBarat][i % 3],
      clientRegion: pick(jakutDistricts),
      admittedOn: addDays(decidedOn, int(1, 10)),
      source: 'tat',
      assessmentId,
    }),
  );
  // 48 more outpatient admissions (118 in all); 15 complete and enter aftercare in 2024.
  await pool(
    'Jakarta Utara: 48 admissions, 15 into aftercare',
    Array.from({ length: 48 }, (_, i) => i),
    async (i) => {
      const admittedOn = i < 15 ? dateIn(2024, 1, 5) : dateIn(2024);
      const admission = await admit(jakut, {
        facilityId: [clinicJakut, ibmPenjaringan, ibmSemperBarat, puskesmasKoja][i % 4],
        clientRegion: i % 4 === 1 ? '31.72.01.1001' : i % 4 === 2 ? '31.72.04.1007' : pick(jakutDistricts),
        admittedOn,
        source: weighted([
          ['voluntary', 5],
          ['family', 3],
          ['ipwl', 2],
          ['court', 1],
        ]),
      });
      if (i < 15)
        await completeWithAftercare(jakut, admission, {
          dischargedOn: addDays(admittedOn, int(60, 120)),
          followUp: i % 5 !== 0,
        });
    },
  );

  // ---------- Lubuklinggau (16.73), 2022 ----------
  const llg = await tokenFor('rehab_officer', '16.73');
  const llgEnf = await tokenFor('enforcement_officer', '16.73');
  const clinicLlg = await facility(llg, 'Klinik Pratama BNNK Lubuklinggau', 'clinic', '16.73');
  const ibmKaryaBakti = await facility(llg, 'IBM Kelurahan Karya Bakti', 'ibm_unit', '16.73.05.1006');
  const llgDistricts = await children(analyst, '16.73');
  const cases = [
    {
      openedOn: '2022-03-14',
      suspect: { role: 'dealer', sex: 'male', age: 34 },
      seizure: { substance: 'methamphetamine', quantity: '307.527', unit: 'g' },
    },
    {
      openedOn: '2022-08-22',
      suspect: { role: 'courier', sex: 'male', age: 27 },
      seizure: { substance: 'mdma', quantity: '10', unit: 'tablet' },
    },
  ];
  for (const c of cases) {
    const opened = await api('POST', '/v1/enforcement/cases', {
      token: llgEnf,
      body: { regionCode: pick(llgDistricts), agency: 'BNN', openedOn: c.openedOn },
    });
    const suspect = await api('POST', `/v1/enforcement/cases/${opened.id}/suspects`, {
      token: llgEnf,
      body: { ...c.suspect, nationality: 'ID' },
    });
    await api('POST', `/v1/enforcement/cases/${opened.id}/seizures`, {
      token: llgEnf,
      body: { ...c.seizure, suspectId: suspect.id, seizedOn: c.openedOn },
    });
    await api('POST', `/v1/enforcement/cases/${opened.id}/stage`, {
      token: llgEnf,
      body: { stage: 'prosecution', on: addDays(c.openedOn, 45) },
    });
  }
  log('Lubuklinggau: 2 cases, 2 suspects, 307.527 g methamphetamine and 10 ecstasy tablets');
  await pool(
    'Lubuklinggau: 98 outpatient admissions, 21 into aftercare',
    Array.from({ length: 98 }, (_, i) => i),
    async (i) => {
      const admittedOn = i < 21 ? dateIn(2022, 1, 6) : dateIn(2022);
      const admission = await admit(llg, {
        facilityId: i % 3 === 0 ? ibmKaryaBakti : clinicLlg,
        clientRegion: i % 3 === 0 ? '16.73.05.1006' : pick(llgDistricts),
        admittedOn,
        source: weighted([
          ['voluntary', 6],
          ['family', 3],
          ['ipwl', 1],
        ]),
      });
      if (i < 21) await completeWithAftercare(llg, admission, { dischargedOn: addDays(admittedOn, int(60, 150)) });
    },
  );

  // The rest of South Sumatra in 2022, as a real province looks (not a seed figure): with
  // Lubuklinggau the only regency treating anyone (or completing treatment), its figures would be
  // the province's, whose public months would give away its small months, and the publication
  // layer would hide them (docs/security.md, "Published figures").
  const sumsel = [
    { code: '16.71', name: 'Palembang', admissions: 240, aftercare: 40 },
    { code: '16.72', name: 'Prabumulih', admissions: 45, aftercare: 9 },
    { code: '16.74', name: 'Pagar Alam', admissions: 30, aftercare: 6 },
  ];
  for (const r of sumsel) {
    const token = await tokenFor('rehab_officer', r.code);
    const districts = await children(analyst, r.code);
    const clinic = await facility(token, `Klinik Pratama BNNK ${r.name}`, 'clinic', r.code);
    await pool(
      `${r.name}: ${r.admissions} admissions in 2022, ${r.aftercare} into aftercare`,
      Array.from({ length: r.admissions }, (_, i) => i),
      async (i) => {
        const admittedOn = i < r.aftercare ? dateIn(2022, 1, 8) : dateIn(2022);
        const admission = await admit(token, {
          facilityId: clinic,
          clientRegion: pick(districts),
          admittedOn,
          source: weighted([
            ['voluntary', 6],
            ['family', 3],
            ['ipwl', 1],
          ]),
        });
        if (i < r.aftercare)
          await completeWithAftercare(token, admission, { dischargedOn: addDays(admittedOn, int(60, 120)) });
      },
    );
  }

  // ---------- DKI Jakarta (31): 1,551 (2023), 7,072 (2024, with Jakarta Utara's 118), 1,236 (Jan–May 2025) ----------
  const dki = [
    { code: '31.71', name: 'Jakarta Pusat', weight: 17 },
    { code: '31.73', name: 'Jakarta Barat', weight: 22 },
    { code: '31.74', name: 'Jakarta Selatan', weight: 24 },
    { code: '31.75', name: 'Jakarta Timur', weight: 27 },
    { code: '31.01', name: 'Kepulauan Seribu', weight: 1 },
  ];
  const dkiFacilities = new Map([
    [
      '31.72',
      {
        token: jakut,
        districts: jakutDistricts,
        facilities: [
          [clinicJakut, 'outpatient'],
          [puskesmasKoja, 'outpatient'],
        ],
      },
    ],
  ]);
  for (const r of dki) {
    const token = await tokenFor('rehab_officer', r.code);
    const districts = await children(analyst, r.code);
    const facilities = [
      [await facility(token, `Klinik Pratama BNNK ${r.name}`, 'clinic', r.code), 'outpatient'],
      [await facility(token, `Puskesmas Kecamatan ${r.name} (IPWL)`, 'puskesmas', districts[0]), 'outpatient'],
    ];
    if (r.code === '31.75')
      facilities.push([await facility(token, 'RSKO Jakarta', 'hospital', districts[1] ?? r.code), 'inpatient']);
    if (r.code === '31.74')
      facilities.push([
        await facility(token, 'RS Bhayangkara Tk. I Said Sukanto (rehabilitasi)', 'hospital', r.code),
        'inpatient',
      ]);
    dkiFacilities.set(r.code, { token, districts, facilities });
  }
  const dkiJobs = [];
  // In 2024 one in 25 of the other regencies' clients completes treatment and enters aftercare
  // (not a seed figure), so that Jakarta Utara's 15 are not the province's only ones.
  const addDki = (year, total, months, regencies, aftercareEvery = 0) => {
    const counts = split(
      total,
      regencies.map((r) => r.weight),
    );
    regencies.forEach((r, k) => {
      for (let i = 0; i < counts[k]; i++) {
        const aftercare = aftercareEvery > 0 && i % aftercareEvery === 0;
        const admittedOn = aftercare ? dateIn(year, 1, 8) : dateIn(year, months[0], months[1]);
        dkiJobs.push({ code: r.code, admittedOn, aftercare });
      }
    });
  };
  const withJakut = [...dki, { code: '31.72', weight: 9 }];
  addDki(2023, 1551, [1, 12], withJakut);
  addDki(2024, 7072 - 118, [1, 12], dki, 25); // Jakarta Utara's 118 are above
  addDki(2025, 1236, [1, 5], withJakut);
  await pool(
    `DKI Jakarta: ${dkiJobs.length} admissions (2023, 2024, Jan–May 2025)`,
    dkiJobs,
    async ({ code, admittedOn, aftercare }) => {
      const place = dkiFacilities.get(code);
      const [facilityId, program] = random() < 0.85 ? place.facilities[int(0, 1)] : pick(place.facilities);
      const admission = await admit(place.token, {
        facilityId,
        clientRegion: pick(place.districts),
        admittedOn,
        program,
        source: weighted([
          ['voluntary', 50],
          ['family', 25],
          ['ipwl', 15],
          ['court', 10],
        ]),
      });
      if (aftercare)
        await completeWithAftercare(place.token, admission, { dischargedOn: addDays(admittedOn, int(60, 120)) });
    },
  );

  // Prisons in DKI: capacity 5,919, occupancy 13,347, narcotics inmates 8,585 (64 %).
  const prisons = [
    ['Lapas Kelas I Cipinang', '31.75', 24],
    ['Lapas Narkotika Kelas IIA Jakarta', '31.75', 20],
    ['Rutan Kelas I Cipinang', '31.75', 22],
    ['Rutan Kelas I Jakarta Pusat (Salemba)', '31.71', 18],
    ['Lapas Kelas IIA Salemba', '31.71', 9],
    ['Rutan Perempuan Kelas IIA Pondok Bambu', '31.75', 7],
  ];
  const capacity = split(
    5919,
    prisons.map((p) => p[2]),
  );
  const occupancy = split(
    13347,
    prisons.map((p) => p[2]),
  );
  const narcotics = split(
    8585,
    prisons.map((p) => p[2]),
  );
  const dkiEnf = await tokenFor('enforcement_officer', '31', 'POLRI');
  for (const [k, [facilityName, regionCode]] of prisons.entries()) {
    await api('POST', '/v1/enforcement/prison-snapshots', {
      token: dkiEnf,
      body: {
        regionCode,
        facilityName,
        on: '2024-12-16',
        capacity: capacity[k],
        occupancy: occupancy[k],
        narcoticsInmates: narcotics[k],
      },
    });
  }
  log('DKI Jakarta: prison snapshots (capacity 5,919, occupancy 13,347, narcotics 8,585)');

  // Jakarta Barat: Kampung Ambon and Kampung Boncos, reached by prevention and enforcement.
  const jakbarPrev = await tokenFor('prevention_officer', '31.73');
  const jakbarEnf = await tokenFor('enforcement_officer', '31.73', 'POLRI');
  for (const [name, regionCode] of [
    ['Kampung Ambon', '31.73.01.1004'],
    ['Kampung Boncos', '31.73.07.1006'],
  ]) {
    const area = await api('POST', '/v1/prevention/vulnerable-areas', {
      token: jakbarPrev,
      body: { regionCode, name, riskLevel: 'bahaya', assessedOn: '2023-02-14' },
    });
    await api('POST', `/v1/prevention/vulnerable-areas/${area.id}/assessments`, {
      token: jakbarPrev,
      body: { riskLevel: 'bahaya', assessedOn: '2024-02-20' },
    });
    for (const on of ['2024-03-09', '2024-09-21']) {
      await api('POST', '/v1/enforcement/operations', {
        token: jakbarEnf,
        body: {
          regionCode,
          kind: 'raid',
          venueType: 'residence',
          on,
          peopleTested: int(20, 60),
          positives: int(3, 12),
        },
      });
    }
  }
  const jakbarDistricts = dkiFacilities.get('31.73').districts;
  const jakbarRows = [];
  for (let i = 0; i < 24; i++)
    jakbarRows.push(
      inPersonActivity(i < 12 ? pick(['31.73.01.1004', '31.73.07.1006']) : pick(jakbarDistricts), dateIn(2024)),
    );
  await activitiesCsv(jakbarPrev, jakbarRows);
  for (const on of ['2024-05-11', '2024-11-02']) {
    await api('POST', '/v1/enforcement/operations', {
      token: jakbarEnf,
      body: {
        regionCode: '31.73',
        kind: 'raid',
        venueType: 'nightlife',
        on,
        peopleTested: int(40, 120),
        positives: int(2, 10),
      },
    });
  }
  log('Jakarta Barat: vulnerable areas Kampung Ambon and Kampung Boncos, raids and activities there');

  // ---------- background: a few other cities, 2022–2024 ----------
  const background = [
    { code: '15.71', name: 'Kota Jambi' },
    { code: '36.71', name: 'Kota Tangerang' },
    { code: '51.71', name: 'Kota Denpasar' },
    { code: '73.71', name: 'Kota Makassar' },
  ];
  const bgJobs = [];
  for (const b of background) {
    const token = await tokenFor('rehab_officer', b.code);
    const enf = await tokenFor('enforcement_officer', b.code, 'POLRI');
    const prev = await tokenFor('prevention_officer', b.code);
    const districts = await children(analyst, b.code);
    const clinic = await facility(token, `Klinik Pratama BNNK ${b.name}`, 'clinic', b.code);
    for (const year of [2022, 2023, 2024]) {
      for (let i = 0; i < scaled(int(20, 40)); i++) {
        bgJobs.push(() =>
          admit(token, {
            facilityId: clinic,
            clientRegion: pick(districts),
            admittedOn: dateIn(year),
            source: pick(['voluntary', 'family', 'ipwl']),
          }),
        );
      }
      for (let i = 0; i < scaled(int(10, 25)); i++) {
        bgJobs.push(() =>
          api('POST', '/v1/rehab/certificates', {
            token,
            body: {
              regionCode: b.code,
              facilityId: clinic,
              issuedOn: dateIn(year),
              purpose: weighted(purposes),
              result: 'negative',
            },
          }),
        );
      }
      for (let i = 0; i < scaled(int(3, 6)); i++) {
        bgJobs.push(async () => {
          const openedOn = dateIn(year);
          const c = await api('POST', '/v1/enforcement/cases', {
            token: enf,
            body: { regionCode: pick(districts), agency: pick(['BNN', 'POLRI']), openedOn },
          });
          const s = await api('POST', `/v1/enforcement/cases/${c.id}/suspects`, {
            token: enf,
            body: { role: pick(['courier', 'dealer', 'trafficker']), sex: 'male', age: int(20, 50), nationality: 'ID' },
          });
          await api('POST', `/v1/enforcement/cases/${c.id}/seizures`, {
            token: enf,
            body: {
              suspectId: s.id,
              substance: pick(['methamphetamine', 'cannabis']),
              quantity: `${int(2, 900)}.${int(0, 999)}`,
              unit: 'g',
              seizedOn: openedOn,
            },
          });
        });
      }
      for (let i = 0; i < scaled(2); i++) {
        bgJobs.push(() => {
          const peopleTested = int(20, 100);
          return api('POST', '/v1/enforcement/operations', {
            token: enf,
            body: {
              regionCode: b.code,
              kind: pick(['raid', 'patrol']),
              venueType: pick(['nightlife', 'boarding_house', 'public_space']),
              on: dateIn(year),
              peopleTested,
              positives: int(0, 8),
            },
          });
        });
      }
      const rows = Array.from({ length: scaled(int(30, 60)) }, () => inPersonActivity(pick(districts), dateIn(year)));
      if (rows.length > 0) bgJobs.push(() => activitiesCsv(prev, rows));
    }
  }
  await pool(`Background (${background.map((b) => b.code).join(', ')}; 2022–2024)`, bgJobs, (job) => job());

  // A reporting unit gone silent: a puskesmas in Kota Jambi records its admissions from January
  // to June 2024, then nothing. Completeness shows it silent from July, not as zeros. (An
  // illustration: no seed names this puskesmas.)
  const jambi = await tokenFor('rehab_officer', '15.71');
  const paalLima = await facility(jambi, SILENT_FACILITY, 'puskesmas', '15.71');
  for (let month = 1; month <= 6; month++)
    await admit(jambi, { facilityId: paalLima, clientRegion: '15.71', admittedOn: `2024-0${month}-15` });
  log(`Kota Jambi: ${SILENT_FACILITY} records January to June 2024, then nothing`);

  // The completion marker: the last write.
  await facility(jakut, MARKER_FACILITY, 'clinic', '31.72');
  log(
    `all written: ${stats.writes} writes in ${stats.requests} requests (${stats.retries} retried, ${stats.rateLimited} rate-limited)`,
  );

  // ---------- settle: reporting has counted everything, then the annual report of 31.72 ----------
  const expected = [
    ['31.72', 2024, 'rehab.admissions', 118],
    ['31.72', 2024, 'rehab.skhpn_issued', 173],
    ['31.72', 2024, 'prevention.activities', 1839],
    ['31.72', 2024, 'coordination.assessments_requested', 200],
    ['16.73', 2022, 'rehab.admissions', 98],
    ['31', 2023, 'rehab.admissions', 1551],
    ['31', 2024, 'rehab.admissions', 7072],
  ];
  const settleDeadline = Date.now() + SETTLE_TIMEOUT_MS;
  let behind = expected;
  while (behind.length > 0 && Date.now() < settleDeadline) {
    const next = [];
    for (const e of behind) {
      const [regionCode, year, code, value] = e;
      const result = await api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=${year}`, {
        token: analyst,
      });
      const got = result.indicators.find((i) => i.code === code)?.value;
      if (got !== value) next.push([...e, got]);
    }
    behind = next.map((e) => e.slice(0, 4));
    if (behind.length > 0) {
      if (!args.quiet)
        log(`reporting is catching up: ${next.map((e) => `${e[0]}/${e[1]} ${e[2]} ${e[4]}/${e[3]}`).join(', ')}`);
      await sleep(3000);
    }
  }
  if (behind.length > 0) log(`warning: reporting had not caught up after ${SETTLE_TIMEOUT_MS / 1000} s`);

  // The sign-off chain for DKI Jakarta 2024, once every figure is in: each regency's BNN office
  // submits, the province's approves (so their figures are frozen as counted above).
  const period = { year: 2024 };
  const bnnp = await tokenFor('admin', '31');
  if (behind.length === 0) {
    const dki = await api('GET', '/v1/reporting/approvals?regionCode=31&year=2024', { token: bnnp });
    for (const child of dki.children) {
      const body = { regionCode: child.regionCode, period };
      const bnnk = await tokenFor('admin', child.regionCode);
      if (child.state === 'open' || child.state === 'returned')
        await api('POST', '/v1/reporting/approvals/submit', { token: bnnk, body });
      if (child.state !== 'approved') await api('POST', '/v1/reporting/approvals/approve', { token: bnnp, body });
    }
    log(`DKI Jakarta 2024: every regency submitted and approved (${dki.children.length})`);
  } else log('DKI Jakarta 2024: not approved, reporting had not caught up');
  const completeness = async (regionCode) => {
    const c = await api('GET', `/v1/reporting/completeness?regionCode=${regionCode}&year=2024`, { token: analyst });
    const silent = c.units.filter((u) => u.silentMonths.length > 0).length;
    return `${c.received} of ${c.expected} unit-months recorded (${c.completenessPct} %), ${c.onTime} on time; ${silent} of ${c.units.length} units silent in some month; ${c.offices.received} of ${c.offices.expected} offices submitted`;
  };
  const report = await api('POST', '/v1/reports', {
    token: analyst,
    body: { kind: 'coordination', regionCode: '31.72', period: { year: 2024 } },
  });

  const summary = await api('GET', '/v1/reporting/indicators?regionCode=31.72&year=2024', { token: analyst });
  const value = (code) => summary.indicators.find((i) => i.code === code);
  const admissions = value('rehab.admissions');
  const skhpn = value('rehab.skhpn_issued');
  console.log(`
Demo data loaded in ${elapsed()} (${stats.writes} writes, ${stats.requests} requests).
  Jakarta Utara 2024: admissions ${admissions.value} of ${admissions.target} (${admissions.achievementPct} %), SKHPN ${skhpn.value} of ${skhpn.target} (${skhpn.achievementPct} %),
                      aftercare ${value('rehab.aftercare_clients').value}, activities ${value('prevention.activities').value}, digital reach ${value('prevention.digital_reach').value},
                      integrated assessments ${value('coordination.assessments_requested').value}
  Annual coordination report 31.72/2024: ${report.id} (${report.status}); open ${GATEWAY}/reports to view it.
  Reporting units 2024: DKI Jakarta ${await completeness('31')}
                        Jambi ${await completeness('15')}`);
}

main().catch((error) => {
  console.error(`[demo ${elapsed()}] failed: ${error.message}`);
  process.exit(1);
});
