// The integrated assessment (asesmen terpadu) in Jakarta Utara, 2024, across two services:
// enforcement opens cases against user-suspects holding small amounts and asks the TAT to assess
// them; rehab records the TAT's answers; users recommended for rehabilitation are admitted as
// referrals (source `tat`). docs/architecture.md describes the flow.
import { item } from './context.mjs';
import { JAKARTA_UTARA } from './figures.mjs';
import { listAll, waitUntil } from './http.mjs';
import { addDays, indices, pad, spread } from './random.mjs';
import { admit } from './rehab.mjs';

const SUSPECTS_PER_CASE = JAKARTA_UTARA.assessments.value / JAKARTA_UTARA.assessmentCases.value;
/** How long rehab may take to receive every request (they travel as events). */
const ARRIVAL_TIMEOUT_MS = 120_000;

/** One police case with its user-suspects, each holding under a gram, each sent to the TAT. */
async function assessmentCase(ctx, token, districts, i) {
  const { r, key } = item('jakarta-utara.assessment-cases', i);
  const openedOn = r.dateIn(JAKARTA_UTARA.year, 1, 10);
  const api = ctx.as(token);
  const narcoticsCase = await api.post('/v1/enforcement/cases', {
    params: { header: { 'Idempotency-Key': key('case') } },
    body: {
      regionCode: r.pick(districts),
      agency: i % 4 === 0 ? 'BNN' : 'POLRI',
      openedOn,
      reference: `LP/${r.int(100, 999)}/${pad(r.int(1, 12))}/2024/PMJ/Res.JU`,
    },
  });
  const requests = [];
  for (let k = 0; k < SUSPECTS_PER_CASE; k++) {
    const suspect = await api.post('/v1/enforcement/cases/{id}/suspects', {
      params: { path: { id: narcoticsCase.id }, header: { 'Idempotency-Key': key('suspect', k) } },
      body: { role: 'user', sex: r.random() < 0.9 ? 'male' : 'female', age: r.int(18, 45), nationality: 'ID' },
    });
    await api.post('/v1/enforcement/cases/{id}/seizures', {
      params: { path: { id: narcoticsCase.id }, header: { 'Idempotency-Key': key('seizure', k) } },
      body: {
        suspectId: suspect.id,
        substance: 'methamphetamine',
        quantity: `0.${r.int(10, 95)}`,
        unit: 'g',
        seizedOn: openedOn,
      },
    });
    const request = await api.post('/v1/enforcement/suspects/{id}/assessment-requests', {
      params: { path: { id: suspect.id }, header: { 'Idempotency-Key': key('assessment-request', k) } },
      body: { requestedOn: addDays(openedOn, r.int(0, 2)) },
    });
    requests.push(request);
  }
  return requests;
}

/** The 200 assessment requests: 100 police cases, two users each. Returns the requests. */
export async function assessmentRequests(ctx, jakut) {
  const token = await ctx.tokenFor('enforcement_officer', JAKARTA_UTARA.region, 'POLRI');
  const cases = JAKARTA_UTARA.assessmentCases.value;
  const requests = await ctx.pool('Jakarta Utara: cases and assessment requests', indices(cases), (i) =>
    assessmentCase(ctx, token, jakut.districts, i),
  );
  return requests.flat();
}

/**
 * Waits until rehab has received every request (pending, or answered by an earlier run that was
 * interrupted: all statuses count).
 */
async function awaitArrival(ctx, jakut, requests) {
  const query = { regionCode: JAKARTA_UTARA.region };
  let missing = requests.length;
  const arrived = await waitUntil(
    async () => {
      const known = new Set((await listAll(ctx.as(jakut.token), '/v1/rehab/assessments', query)).map((a) => a.id));
      missing = requests.filter((r) => !known.has(r.id)).length;
      return missing === 0 ? true : undefined;
    },
    { timeoutMs: ARRIVAL_TIMEOUT_MS },
  );
  if (!arrived)
    throw new Error(`rehab has not received ${missing} assessment requests after ${ARRIVAL_TIMEOUT_MS / 1000} s`);
}

/**
 * The TAT's answers: 130 rehabilitation (outpatient), 70 legal process, one in 11 after the six
 * days. Returns the referrals to admit (the first 70 recommended for rehabilitation).
 */
export async function assessmentResults(ctx, jakut, requests) {
  await awaitArrival(ctx, jakut, requests);
  const rehabilitation = spread(JAKARTA_UTARA.tatRehabilitation.value, requests.length);
  const late = (i) => i % JAKARTA_UTARA.tatLateEvery.value === 0;
  const answers = await ctx.pool('Jakarta Utara: TAT results and referrals', requests, async (request, i) => {
    const { r, key } = item('jakarta-utara.assessment-results', i);
    const recommendation = rehabilitation(i) ? JAKARTA_UTARA.program.value : 'legal_process';
    const decidedOn = addDays(request.requestedOn, late(i) ? r.int(7, 9) : r.int(2, 6));
    const body = { recommendation, decidedOn };
    if (i % 7 === 0) body.notes = 'Pengguna coba-coba; keluarga mendukung rawat jalan.';
    await ctx.as(jakut.token).post('/v1/rehab/assessments/{id}/result', {
      params: { path: { id: request.id }, header: { 'Idempotency-Key': key('result') } },
      body,
    });
    return recommendation === 'legal_process' ? null : { decidedOn, assessmentId: request.id };
  });
  const referred = answers.filter(Boolean).slice(0, JAKARTA_UTARA.tatAdmitted.value);
  if (referred.length !== JAKARTA_UTARA.tatAdmitted.value)
    throw new Error(`expected ${JAKARTA_UTARA.tatAdmitted.value} TAT referrals, got ${referred.length}`);
  return referred;
}

/** The referrals admitted within ten days of the answer, at the clinic and the two IBM units. */
export async function referralAdmissions(ctx, jakut, referred) {
  const facilities = [jakut.clinic, ...jakut.ibm];
  await ctx.pool(`Jakarta Utara: ${referred.length} TAT admissions`, referred, ({ decidedOn, assessmentId }, i) => {
    const it = item('jakarta-utara.tat-admissions', i);
    return admit(ctx, jakut.token, it, {
      facilityId: facilities[i % facilities.length],
      clientRegion: it.r.pick(jakut.districts),
      admittedOn: addDays(decidedOn, it.r.int(1, 10)),
      program: JAKARTA_UTARA.program.value,
      source: 'tat',
      assessmentId,
    });
  });
}
