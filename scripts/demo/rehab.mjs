// Facilities and admissions: rehab's part of the demo (clients, admissions, discharges into
// aftercare, SKHPN certificates). Facility names are illustrative, except the IBM units' villages.
import { item } from './context.mjs';
import { idempotencyKey } from './http.mjs';
import { DKI_JAKARTA, JAKARTA_UTARA, JAMBI, LUBUKLINGGAU, MIXES, SOUTH_SUMATRA } from './figures.mjs';
import { person } from './people.mjs';
import { addDays, indices, iso, spread, split } from './random.mjs';

/** The first write of a load; present without the marker, an earlier load was interrupted. */
export const FIRST_FACILITY = 'Klinik Pratama BNN Kota Jakarta Utara';
/** The last data write of a load; its presence means the data set is there. */
export const MARKER_FACILITY = 'Klinik IPWL Sinergi Demo Jakarta Utara';

/** Registers a facility; its name is its key (every name is used once). */
export async function registerFacility(ctx, token, { name, kind, regionCode }) {
  const body = { name, kind, regionCode };
  const params = { header: { 'Idempotency-Key': idempotencyKey('facility', name) } };
  return (await ctx.as(token).post('/v1/rehab/facilities', { params, body })).id;
}

/** Registers a client and admits them; returns the admission. */
export async function admit(ctx, token, { r, key }, options) {
  const { facilityId, clientRegion, admittedOn, program = 'outpatient', source = 'voluntary', assessmentId } = options;
  const who = person(r, admittedOn);
  const api = ctx.as(token);
  const client = await api.post('/v1/rehab/clients', {
    params: { header: { 'Idempotency-Key': key('client') } },
    body: { identity: who.identity, sex: who.sex, regionCode: clientRegion },
  });
  const body = { facilityId, program, source, primarySubstance: r.weighted(MIXES.substance), admittedOn };
  if (assessmentId) body.assessmentId = assessmentId;
  return api.post('/v1/rehab/clients/{id}/admissions', {
    params: { path: { id: client.id }, header: { 'Idempotency-Key': key('admission') } },
    body,
  });
}

/** Completes a treatment and starts aftercare, with a first follow-up 20–30 days later. */
export async function completeWithAftercare(ctx, token, { r, key }, admission, { dischargedOn, followUp = true }) {
  const api = ctx.as(token);
  await api.post('/v1/rehab/admissions/{id}/discharge', {
    params: { path: { id: admission.id }, header: { 'Idempotency-Key': key('discharge') } },
    body: { outcome: 'completed', dischargedOn },
  });
  const aftercare = await api.post('/v1/rehab/admissions/{id}/aftercare', {
    params: { path: { id: admission.id }, header: { 'Idempotency-Key': key('aftercare') } },
    body: { startedOn: dischargedOn },
  });
  if (!followUp) return;
  await api.post('/v1/rehab/aftercare/{id}/follow-ups', {
    params: { path: { id: aftercare.id }, header: { 'Idempotency-Key': key('follow-up') } },
    body: {
      date: addDays(dischargedOn, r.int(20, 30)),
      status: r.weighted(MIXES.followUp),
      employed: r.random() < 0.5,
    },
  });
}

/** Admits a client and, when `aftercareAfter` ([min, max] days) is given, completes them into aftercare. */
async function admitMaybeAftercare(ctx, token, it, options, aftercareAfter, followUp = true) {
  const admission = await admit(ctx, token, it, options);
  if (!aftercareAfter) return;
  const dischargedOn = addDays(options.admittedOn, it.r.int(...aftercareAfter));
  await completeWithAftercare(ctx, token, it, admission, { dischargedOn, followUp });
}

// ---------- Jakarta Utara (31.72), 2024 ----------

/** The clinic (the load's first write), the two IBM units and Puskesmas Koja. */
export async function jakartaUtaraFacilities(ctx) {
  const token = await ctx.tokenFor('rehab_officer', JAKARTA_UTARA.region);
  const clinic = await registerFacility(ctx, token, { name: FIRST_FACILITY, kind: 'clinic', regionCode: '31.72' });
  const ibm = [];
  for (const village of JAKARTA_UTARA.ibmVillages.value)
    ibm.push(
      await registerFacility(ctx, token, {
        name: `IBM Kelurahan ${village.name}`,
        kind: 'ibm_unit',
        regionCode: village.code,
      }),
    );
  const puskesmas = await registerFacility(ctx, token, {
    name: 'Puskesmas Kecamatan Koja',
    kind: 'puskesmas',
    regionCode: '31.72.03',
  });
  ctx.log('Jakarta Utara: facilities registered (clinic, IBM Penjaringan, IBM Semper Barat, puskesmas)');
  return { token, districts: await ctx.districts('31.72'), clinic, ibm, puskesmas };
}

/** 173 SKHPN certificates; one in five at the puskesmas, a few positive. */
export async function jakartaUtaraCertificates(ctx, jakut) {
  const total = JAKARTA_UTARA.skhpn.value;
  const positive = spread(JAKARTA_UTARA.skhpnPositives.value, total);
  const atPuskesmas = (i) => i % JAKARTA_UTARA.skhpnAtPuskesmasEvery.value === 0;
  await ctx.pool(`Jakarta Utara: ${total} SKHPN certificates`, indices(total), (i) => {
    const { r, key } = item('jakarta-utara.certificates', i);
    return ctx.as(jakut.token).post('/v1/rehab/certificates', {
      params: { header: { 'Idempotency-Key': key('certificate') } },
      body: {
        // A certificate is issued in its facility's region (or below).
        regionCode: atPuskesmas(i) ? '31.72.03' : '31.72',
        facilityId: atPuskesmas(i) ? jakut.puskesmas : jakut.clinic,
        issuedOn: r.dateIn(JAKARTA_UTARA.year),
        purpose: r.weighted(MIXES.purpose),
        result: positive(i) ? 'positive' : 'negative',
      },
    });
  });
}

/** The admissions besides the TAT referrals (118 in all); 15 complete and enter aftercare in 2024. */
export async function jakartaUtaraAdmissions(ctx, jakut) {
  const others = JAKARTA_UTARA.admissions.value - JAKARTA_UTARA.tatAdmitted.value;
  const aftercare = JAKARTA_UTARA.aftercare.value;
  const [penjaringan, semperBarat] = JAKARTA_UTARA.ibmVillages.value.map((v) => v.code);
  const facilities = [jakut.clinic, ...jakut.ibm, jakut.puskesmas];
  await ctx.pool(`Jakarta Utara: ${others} admissions, ${aftercare} into aftercare`, indices(others), (i) => {
    const it = item('jakarta-utara.admissions', i);
    const admittedOn = i < aftercare ? it.r.dateIn(2024, 1, 5) : it.r.dateIn(2024);
    const clientRegion = i % 4 === 1 ? penjaringan : i % 4 === 2 ? semperBarat : it.r.pick(jakut.districts);
    const options = {
      facilityId: facilities[i % 4],
      clientRegion,
      admittedOn,
      program: JAKARTA_UTARA.program.value,
      source: it.r.weighted(MIXES.jakartaUtaraSource),
    };
    // Every fifth aftercare client has no follow-up recorded yet.
    return admitMaybeAftercare(ctx, jakut.token, it, options, i < aftercare ? [60, 120] : undefined, i % 5 !== 0);
  });
}

// ---------- Lubuklinggau (16.73), 2022 ----------

export async function lubuklinggauFacilities(ctx) {
  const token = await ctx.tokenFor('rehab_officer', LUBUKLINGGAU.region);
  const clinic = await registerFacility(ctx, token, {
    name: 'Klinik Pratama BNNK Lubuklinggau',
    kind: 'clinic',
    regionCode: '16.73',
  });
  const [village] = LUBUKLINGGAU.ibmVillages.value;
  const ibm = await registerFacility(ctx, token, {
    name: `IBM Kelurahan ${village.name}`,
    kind: 'ibm_unit',
    regionCode: village.code,
  });
  return { token, districts: await ctx.districts('16.73'), clinic, ibm, ibmVillage: village.code };
}

/** 98 outpatient admissions in 2022, 21 of them into aftercare; every third at the IBM unit. */
export async function lubuklinggauAdmissions(ctx, llg) {
  const total = LUBUKLINGGAU.admissions.value;
  const aftercare = LUBUKLINGGAU.aftercare.value;
  await ctx.pool(`Lubuklinggau: ${total} outpatient admissions, ${aftercare} into aftercare`, indices(total), (i) => {
    const it = item('lubuklinggau.admissions', i);
    const atIbm = i % LUBUKLINGGAU.ibmEvery.value === 0;
    const options = {
      facilityId: atIbm ? llg.ibm : llg.clinic,
      clientRegion: atIbm ? llg.ibmVillage : it.r.pick(llg.districts),
      admittedOn: i < aftercare ? it.r.dateIn(2022, 1, 6) : it.r.dateIn(2022),
      program: LUBUKLINGGAU.program.value,
      source: it.r.weighted(MIXES.southSumatraSource),
    };
    return admitMaybeAftercare(ctx, llg.token, it, options, i < aftercare ? [60, 150] : undefined);
  });
}

/** The rest of South Sumatra in 2022 (illustrative; see SOUTH_SUMATRA). */
export async function southSumatraAdmissions(ctx) {
  for (const r of SOUTH_SUMATRA.value) {
    const token = await ctx.tokenFor('rehab_officer', r.code);
    const districts = await ctx.districts(r.code);
    const clinic = await registerFacility(ctx, token, {
      name: `Klinik Pratama BNNK ${r.name}`,
      kind: 'clinic',
      regionCode: r.code,
    });
    const label = `${r.name}: ${r.admissions} admissions in 2022, ${r.aftercare} into aftercare`;
    await ctx.pool(label, indices(r.admissions), (i) => {
      const it = item(`south-sumatra.${r.code}.admissions`, i);
      const options = {
        facilityId: clinic,
        clientRegion: it.r.pick(districts),
        admittedOn: i < r.aftercare ? it.r.dateIn(2022, 1, 8) : it.r.dateIn(2022),
        source: it.r.weighted(MIXES.southSumatraSource),
      };
      return admitMaybeAftercare(ctx, token, it, options, i < r.aftercare ? [60, 120] : undefined);
    });
  }
}

// ---------- DKI Jakarta (31) ----------

/**
 * A DKI regency's BNNK clinic (where the city has a BNNK office) and IPWL puskesmas (outpatient),
 * and its hospital (inpatient) if it has one.
 */
async function dkiRegencyPlace(ctx, regency) {
  const token = await ctx.tokenFor('rehab_officer', regency.code);
  const districts = await ctx.districts(regency.code);
  const register = async (program, name, kind, regionCode) => [
    await registerFacility(ctx, token, { name, kind, regionCode }),
    program,
  ];
  const facilities = [
    ...(regency.bnnkOffice === false
      ? []
      : [await register('outpatient', `Klinik Pratama BNNK ${regency.name}`, 'clinic', regency.code)]),
    await register('outpatient', `Puskesmas Kecamatan ${regency.name} (IPWL)`, 'puskesmas', districts[0]),
  ];
  for (const hospital of DKI_JAKARTA.hospitals.value.filter((h) => h.regency === regency.code)) {
    const regionCode = hospital.district === undefined ? regency.code : districts[hospital.district];
    facilities.push(await register('inpatient', hospital.name, 'hospital', regionCode));
  }
  return { token, districts, facilities };
}

/** Where DKI's clients are treated, by regency: `[facilityId, program]` pairs; Jakarta Utara's from above. */
export async function dkiFacilities(ctx, jakut) {
  const outpatient = [jakut.clinic, jakut.puskesmas].map((id) => [id, 'outpatient']);
  const places = new Map([['31.72', { token: jakut.token, districts: jakut.districts, facilities: outpatient }]]);
  for (const regency of DKI_JAKARTA.regencies.value) places.set(regency.code, await dkiRegencyPlace(ctx, regency));
  return places;
}

/** DKI's admissions of one year spread over regencies by weight; every `aftercareEvery`-th into aftercare. */
function dkiYear(year, total, months, regencies, aftercareEvery = 0) {
  const counts = split(
    total,
    regencies.map((r) => r.weight),
  );
  return regencies.flatMap((r, k) =>
    indices(counts[k]).map((i) => ({
      code: r.code,
      year,
      months,
      index: i,
      aftercare: aftercareEvery > 0 && i % aftercareEvery === 0,
    })),
  );
}

/** 1,551 (2023), 7,072 (2024, with Jakarta Utara's 118 above), 1,236 (January–May 2025). */
export async function dkiAdmissions(ctx, places) {
  const regencies = DKI_JAKARTA.regencies.value;
  const withJakut = [...regencies, { code: '31.72', weight: DKI_JAKARTA.jakartaUtaraWeight.value }];
  const jobs = [
    ...dkiYear(2023, DKI_JAKARTA.admissions2023.value, [1, 12], withJakut),
    ...dkiYear(
      2024,
      DKI_JAKARTA.admissions2024.value - JAKARTA_UTARA.admissions.value,
      [1, 12],
      regencies,
      DKI_JAKARTA.aftercareEvery2024.value,
    ),
    ...dkiYear(
      2025,
      DKI_JAKARTA.admissionsJanMay2025.value,
      DKI_JAKARTA.admissionsJanMay2025.reads[0].months,
      withJakut,
    ),
  ];
  await ctx.pool(`DKI Jakarta: ${jobs.length} admissions (2023, 2024, Jan–May 2025)`, jobs, (job) => {
    const it = item(`dki.${job.year}.${job.code}.admissions`, job.index);
    const place = places.get(job.code);
    // Most at the first two outpatient places; Jakarta Barat, without a BNNK clinic, has one.
    const outpatient = () => place.facilities[it.r.int(0, Math.min(1, place.facilities.length - 1))];
    const [facilityId, program] = it.r.random() < 0.85 ? outpatient() : it.r.pick(place.facilities);
    const options = {
      facilityId,
      program,
      clientRegion: it.r.pick(place.districts),
      admittedOn: job.aftercare ? it.r.dateIn(job.year, 1, 8) : it.r.dateIn(job.year, ...job.months),
      source: it.r.weighted(MIXES.dkiSource),
    };
    return admitMaybeAftercare(ctx, place.token, it, options, job.aftercare ? [60, 120] : undefined);
  });
}

// ---------- Kota Jambi: a reporting unit gone silent ----------

/** Records one admission a month from January to June 2024, then nothing (completeness shows the silence). */
export async function silentFacility(ctx) {
  const { name, regionCode, months, year } = JAMBI.silentFacility.value;
  const token = await ctx.tokenFor('rehab_officer', regionCode);
  const facilityId = await registerFacility(ctx, token, { name, kind: 'puskesmas', regionCode });
  for (let month = months[0]; month <= months[1]; month++)
    await admit(ctx, token, item('jambi.silent-facility', month), {
      facilityId,
      clientRegion: regionCode,
      admittedOn: iso(year, month, 15),
    });
  ctx.log(`Kota Jambi: ${name} records January to June ${year}, then nothing`);
}

/** The background's rehab jobs for one city and year: admissions and negative certificates. */
export function backgroundRehabJobs(ctx, place, year, counts) {
  const admissions = indices(counts.admissions).map((i) => () => {
    const it = item(`background.${place.code}.${year}.admissions`, i);
    return admit(ctx, place.rehab, it, {
      facilityId: place.clinic,
      clientRegion: it.r.pick(place.districts),
      admittedOn: it.r.dateIn(year),
      source: it.r.pick(['voluntary', 'family', 'ipwl']),
    });
  });
  const certificates = indices(counts.certificates).map((i) => () => {
    const { r, key } = item(`background.${place.code}.${year}.certificates`, i);
    return ctx.as(place.rehab).post('/v1/rehab/certificates', {
      params: { header: { 'Idempotency-Key': key('certificate') } },
      body: {
        regionCode: place.code,
        facilityId: place.clinic,
        issuedOn: r.dateIn(year),
        purpose: r.weighted(MIXES.purpose),
        result: 'negative',
      },
    });
  });
  return [...admissions, ...certificates];
}
