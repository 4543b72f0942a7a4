// Modest activity in a few other cities, 2022–2024, so national and provincial reports are not
// empty: admissions and certificates, cases and operations, activities (all illustrative).
import { item } from './context.mjs';
import { backgroundEnforcementJobs } from './enforcement.mjs';
import { BACKGROUND } from './figures.mjs';
import { backgroundPreventionJobs } from './prevention.mjs';
import { backgroundRehabJobs, registerFacility } from './rehab.mjs';

/** How many of each a city writes in a year, drawn from the city's and year's own generator. */
function countsFor(ctx, code, year) {
  const { r } = item(`background.${code}.counts`, year);
  const { admissions, certificates, cases, operations, activities } = BACKGROUND.value;
  return {
    admissions: ctx.scaled(r.int(...admissions)),
    certificates: ctx.scaled(r.int(...certificates)),
    cases: ctx.scaled(r.int(...cases)),
    operations: ctx.scaled(operations),
    activities: ctx.scaled(r.int(...activities)),
  };
}

/** A city's officers, districts and clinic. */
async function cityPlace(ctx, { code, name }) {
  const rehab = await ctx.tokenFor('rehab_officer', code);
  const clinic = await registerFacility(ctx, rehab, {
    name: `Klinik Pratama BNNK ${name}`,
    kind: 'clinic',
    regionCode: code,
  });
  return {
    code,
    rehab,
    clinic,
    enforcement: await ctx.tokenFor('enforcement_officer', code, 'POLRI'),
    prevention: await ctx.tokenFor('prevention_officer', code),
    districts: await ctx.districts(code),
  };
}

export async function background(ctx) {
  const { cities, years } = BACKGROUND.value;
  const jobs = [];
  for (const city of cities) {
    const place = await cityPlace(ctx, city);
    for (const year of years) {
      const counts = countsFor(ctx, city.code, year);
      jobs.push(
        ...backgroundRehabJobs(ctx, place, year, counts),
        ...backgroundEnforcementJobs(ctx, place, year, counts),
        ...backgroundPreventionJobs(ctx, place, year, counts),
      );
    }
  }
  await ctx.pool(`Background (${cities.map((c) => c.code).join(', ')}; ${years[0]}–${years.at(-1)})`, jobs, (job) =>
    job(),
  );
}
