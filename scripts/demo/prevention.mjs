// Prevention's part of the demo: P4GN activities (imported as CSV), Kelurahan Bersinar, and the
// vulnerable areas (kawasan rawan) of Jakarta Barat.
import { item } from './context.mjs';
import { DKI_JAKARTA, JAKARTA_UTARA } from './figures.mjs';
import { idempotencyKey } from './http.mjs';
import { indices, rng, split } from './random.mjs';

const KINDS = ['socialization', 'counseling', 'workshop', 'talk_show', 'dialogue', 'campaign'];
const SEGMENTS = ['students', 'workers', 'community', 'families', 'private_sector', 'education', 'customary'];

/** One in-person activity with 15–250 participants. */
function inPersonActivity(r, regionCode, on) {
  return {
    regionCode,
    kind: r.pick(KINDS),
    segment: r.pick(SEGMENTS),
    channel: 'in_person',
    on,
    participants: r.int(15, 250),
  };
}

/** Imports activities in one CSV request; `key` names the whole import. */
function importActivities(ctx, token, key, rows) {
  const lines = ['regionCode,kind,segment,channel,on,participants,reach'];
  for (const a of rows)
    lines.push([a.regionCode, a.kind, a.segment, a.channel, a.on, a.participants ?? 0, a.reach ?? ''].join(','));
  return ctx.as(token).post('/v1/prevention/activities:import', {
    params: { header: { 'Idempotency-Key': key } },
    headers: { 'content-type': 'text/csv' },
    body: `${lines.join('\n')}\n`,
  });
}

/** The digital activities: no participants in the room, the whole digital reach between them. */
function digitalActivities(count, reach, year) {
  const r = rng('jakarta-utara.digital-activities');
  return split(
    reach,
    indices(count).map(() => 0.3 + r.random()),
  ).map((share) => ({
    regionCode: JAKARTA_UTARA.region,
    kind: r.pick(['campaign', 'talk_show', 'socialization']),
    segment: r.pick(['students', 'community', 'media', 'families']),
    channel: 'digital',
    on: r.dateIn(year),
    participants: 0,
    reach: share,
  }));
}

/** 1,839 P4GN activities in 2024, one in ten of the in-person ones in the IBM villages; digital reach 591,349. */
export async function jakartaUtaraActivities(ctx, jakut) {
  const token = await ctx.tokenFor('prevention_officer', JAKARTA_UTARA.region);
  const year = JAKARTA_UTARA.year;
  const digital = JAKARTA_UTARA.digitalActivities.value;
  const villages = JAKARTA_UTARA.ibmVillages.value.map((v) => v.code);
  const r = rng('jakarta-utara.in-person-activities');
  const rows = indices(JAKARTA_UTARA.activities.value - digital).map((i) =>
    inPersonActivity(r, i % 10 === 0 ? r.pick(villages) : r.pick(jakut.districts), r.dateIn(year)),
  );
  rows.push(...digitalActivities(digital, JAKARTA_UTARA.digitalReach.value, year));
  const imported = await importActivities(ctx, token, idempotencyKey('jakarta-utara.activities'), rows);
  ctx.log(`Jakarta Utara: ${imported.imported} activities imported (digital reach 591,349)`);
}

/** Both IBM villages are also Kelurahan Bersinar. */
export async function jakartaUtaraBersinar(ctx) {
  const token = await ctx.tokenFor('prevention_officer', JAKARTA_UTARA.region);
  const villages = JAKARTA_UTARA.ibmVillages.value;
  for (const [i, village] of villages.entries()) {
    await ctx.as(token).post('/v1/prevention/bersinar-villages', {
      params: { header: { 'Idempotency-Key': idempotencyKey('jakarta-utara.bersinar', village.code) } },
      body: { regionCode: village.code, designatedOn: JAKARTA_UTARA.bersinarDesignatedOn.value[i] },
    });
  }
  ctx.log('Jakarta Utara: Bersinar villages Penjaringan and Semper Barat');
}

/** Kampung Ambon and Kampung Boncos: mapped, then assessed again a year later. */
export async function jakartaBaratVulnerableAreas(ctx) {
  const token = await ctx.tokenFor('prevention_officer', '31.73');
  const { riskLevel, assessedOn, reassessedOn } = DKI_JAKARTA.vulnerableRisk.value;
  for (const { name, code } of DKI_JAKARTA.vulnerableAreas.value) {
    const api = ctx.as(token);
    const area = await api.post('/v1/prevention/vulnerable-areas', {
      params: { header: { 'Idempotency-Key': idempotencyKey('jakarta-barat.vulnerable-areas', code) } },
      body: { regionCode: code, name, riskLevel, assessedOn },
    });
    await api.post('/v1/prevention/vulnerable-areas/{id}/assessments', {
      params: {
        path: { id: area.id },
        header: { 'Idempotency-Key': idempotencyKey('jakarta-barat.vulnerable-areas', code, 'reassessed') },
      },
      body: { riskLevel, assessedOn: reassessedOn },
    });
  }
}

/** Jakarta Barat's 2024 activities, half of them in the two vulnerable villages. */
export async function jakartaBaratActivities(ctx) {
  const token = await ctx.tokenFor('prevention_officer', '31.73');
  const districts = await ctx.districts('31.73');
  const villages = DKI_JAKARTA.vulnerableAreas.value.map((a) => a.code);
  const count = DKI_JAKARTA.jakartaBaratActivities.value;
  const r = rng('jakarta-barat.activities');
  const rows = indices(count).map((i) =>
    inPersonActivity(r, i < count / 2 ? r.pick(villages) : r.pick(districts), r.dateIn(2024)),
  );
  await importActivities(ctx, token, idempotencyKey('jakarta-barat.activities'), rows);
  ctx.log('Jakarta Barat: vulnerable areas Kampung Ambon and Kampung Boncos, raids and activities there');
}

/** The background's prevention job for one city and year: one import of in-person activities. */
export function backgroundPreventionJobs(ctx, place, year, counts) {
  if (counts.activities === 0) return [];
  const { r, key } = item(`background.${place.code}.${year}.activities`, 0);
  const rows = indices(counts.activities).map(() => inPersonActivity(r, r.pick(place.districts), r.dateIn(year)));
  return [() => importActivities(ctx, place.prevention, key('import'), rows)];
}
