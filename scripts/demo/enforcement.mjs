// Enforcement's part of the demo: cases with suspects and seizures, raids, prison snapshots.
import { item } from './context.mjs';
import { DKI_JAKARTA, JAKARTA_UTARA, LUBUKLINGGAU } from './figures.mjs';
import { idempotencyKey } from './http.mjs';
import { addDays, indices, split } from './random.mjs';

/** Records one operation (a raid or a patrol) and its test results. */
function recordOperation(ctx, token, key, body) {
  return ctx.as(token).post('/v1/enforcement/operations', { params: { header: { 'Idempotency-Key': key } }, body });
}

/** Jakarta Utara's raids on nightlife venues in 2024 (six, one every two months: illustrative). */
export async function jakartaUtaraRaids(ctx) {
  const token = await ctx.tokenFor('enforcement_officer', JAKARTA_UTARA.region, 'POLRI');
  const dates = JAKARTA_UTARA.raidDates.value;
  if (dates.length !== JAKARTA_UTARA.nightlifeRaids.value) throw new Error('a nightlife raid without a date');
  for (const [i, on] of dates.entries()) {
    const { r, key } = item('jakarta-utara.raids', i);
    const peopleTested = r.int(30, 140);
    await recordOperation(ctx, token, key('operation'), {
      regionCode: r.pick(JAKARTA_UTARA.raidDistricts.value),
      kind: 'raid',
      venueType: JAKARTA_UTARA.raidVenue.value,
      on,
      peopleTested,
      positives: r.int(1, Math.round(peopleTested / 8)),
    });
  }
  ctx.log(`Jakarta Utara: ${dates.length} raids on ${JAKARTA_UTARA.raidVenue.value} venues`);
}

/** Lubuklinggau 2022: two cases, one suspect each, with what they held; both go to prosecution. */
export async function lubuklinggauCases(ctx) {
  const token = await ctx.tokenFor('enforcement_officer', LUBUKLINGGAU.region);
  const districts = await ctx.districts(LUBUKLINGGAU.region);
  const details = LUBUKLINGGAU.caseDetails.value;
  const seizures = LUBUKLINGGAU.seizures.value;
  if (details.length !== LUBUKLINGGAU.cases.value || seizures.length !== LUBUKLINGGAU.suspects.value)
    throw new Error('Lubuklinggau: the cases, suspects and seizures do not match one to one');
  for (const [i, { openedOn, suspect }] of details.entries()) {
    const { r, key } = item('lubuklinggau.cases', i);
    const api = ctx.as(token);
    const opened = await api.post('/v1/enforcement/cases', {
      params: { header: { 'Idempotency-Key': key('case') } },
      body: { regionCode: r.pick(districts), agency: 'BNN', openedOn },
    });
    const held = await api.post('/v1/enforcement/cases/{id}/suspects', {
      params: { path: { id: opened.id }, header: { 'Idempotency-Key': key('suspect') } },
      body: { ...suspect, nationality: 'ID' },
    });
    await api.post('/v1/enforcement/cases/{id}/seizures', {
      params: { path: { id: opened.id }, header: { 'Idempotency-Key': key('seizure') } },
      body: { ...seizures[i], suspectId: held.id, seizedOn: openedOn },
    });
    await api.post('/v1/enforcement/cases/{id}/stage', {
      params: { path: { id: opened.id }, header: { 'Idempotency-Key': key('stage') } },
      body: { stage: 'prosecution', on: addDays(openedOn, LUBUKLINGGAU.prosecutionAfterDays.value) },
    });
  }
  ctx.log('Lubuklinggau: 2 cases, 2 suspects, 307.527 g methamphetamine and 10 ecstasy tablets');
}

/** DKI's prisons on one day: the seed's totals spread over six prisons by weight. */
export async function dkiPrisons(ctx) {
  const token = await ctx.tokenFor('enforcement_officer', DKI_JAKARTA.region, 'POLRI');
  const prisons = DKI_JAKARTA.prisons.value;
  const weights = prisons.map((p) => p.weight);
  const capacity = split(DKI_JAKARTA.prisonCapacity.value, weights);
  const occupancy = split(DKI_JAKARTA.prisonOccupancy.value, weights);
  const narcotics = split(DKI_JAKARTA.prisonNarcotics.value, weights);
  for (const [k, { name, regionCode }] of prisons.entries()) {
    await ctx.as(token).post('/v1/enforcement/prison-snapshots', {
      params: { header: { 'Idempotency-Key': idempotencyKey('dki.prisons', name) } },
      body: {
        regionCode,
        facilityName: name,
        on: DKI_JAKARTA.prisonSnapshotOn.value,
        capacity: capacity[k],
        occupancy: occupancy[k],
        narcoticsInmates: narcotics[k],
      },
    });
  }
  ctx.log('DKI Jakarta: prison snapshots (capacity 5,919, occupancy 13,347, narcotics 8,585)');
}

/** Jakarta Barat 2024: two residence raids in each vulnerable village, two nightlife raids in the city. */
export async function jakartaBaratRaids(ctx) {
  const token = await ctx.tokenFor('enforcement_officer', '31.73', 'POLRI');
  for (const area of DKI_JAKARTA.vulnerableAreas.value) {
    for (const [i, on] of DKI_JAKARTA.vulnerableRaidDates.value.entries()) {
      const { r, key } = item(`jakarta-barat.raids.${area.code}`, i);
      await recordOperation(ctx, token, key('operation'), {
        regionCode: area.code,
        kind: 'raid',
        venueType: 'residence',
        on,
        peopleTested: r.int(20, 60),
        positives: r.int(3, 12),
      });
    }
  }
  for (const [i, on] of DKI_JAKARTA.jakartaBaratNightlifeRaids.value.entries()) {
    const { r, key } = item('jakarta-barat.nightlife-raids', i);
    await recordOperation(ctx, token, key('operation'), {
      regionCode: '31.73',
      kind: 'raid',
      venueType: 'nightlife',
      on,
      peopleTested: r.int(40, 120),
      positives: r.int(2, 10),
    });
  }
}

/** One background case: a courier, dealer or trafficker and what they held. */
async function backgroundCase(ctx, place, year, i) {
  const { r, key } = item(`background.${place.code}.${year}.cases`, i);
  const openedOn = r.dateIn(year);
  const api = ctx.as(place.enforcement);
  const opened = await api.post('/v1/enforcement/cases', {
    params: { header: { 'Idempotency-Key': key('case') } },
    body: { regionCode: r.pick(place.districts), agency: r.pick(['BNN', 'POLRI']), openedOn },
  });
  const suspect = await api.post('/v1/enforcement/cases/{id}/suspects', {
    params: { path: { id: opened.id }, header: { 'Idempotency-Key': key('suspect') } },
    body: { role: r.pick(['courier', 'dealer', 'trafficker']), sex: 'male', age: r.int(20, 50), nationality: 'ID' },
  });
  await api.post('/v1/enforcement/cases/{id}/seizures', {
    params: { path: { id: opened.id }, header: { 'Idempotency-Key': key('seizure') } },
    body: {
      suspectId: suspect.id,
      substance: r.pick(['methamphetamine', 'cannabis']),
      quantity: `${r.int(2, 900)}.${r.int(0, 999)}`,
      unit: 'g',
      seizedOn: openedOn,
    },
  });
}

/** The background's enforcement jobs for one city and year: cases and operations. */
export function backgroundEnforcementJobs(ctx, place, year, counts) {
  const cases = indices(counts.cases).map((i) => () => backgroundCase(ctx, place, year, i));
  const operations = indices(counts.operations).map((i) => () => {
    const { r, key } = item(`background.${place.code}.${year}.operations`, i);
    return recordOperation(ctx, place.enforcement, key('operation'), {
      regionCode: place.code,
      kind: r.pick(['raid', 'patrol']),
      venueType: r.pick(['nightlife', 'boarding_house', 'public_space']),
      on: r.dateIn(year),
      peopleTested: r.int(20, 100),
      positives: r.int(0, 8),
    });
  });
  return [...cases, ...operations];
}
