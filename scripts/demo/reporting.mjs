// Reporting's part of the demo: Jakarta Utara's targets, waiting until reporting has counted the
// seed figures, DKI Jakarta's 2024 sign-off, and the annual coordination report of 31.72.
import { DKI_JAKARTA, figureList, JAKARTA_UTARA, JAMBI } from './figures.mjs';
import { idempotencyKey, sleep } from './http.mjs';

/** Jakarta Utara's 2024 targets: admissions 100, aftercare 15, SKHPN 150. */
export async function jakartaUtaraTargets(ctx) {
  const { region, year } = JAKARTA_UTARA;
  for (const figure of [JAKARTA_UTARA.admissionsTarget, JAKARTA_UTARA.aftercareTarget, JAKARTA_UTARA.skhpnTarget]) {
    const { indicator } = figure.reads[0];
    await ctx.as(ctx.analyst).put('/v1/reporting/targets', {
      params: { header: { 'Idempotency-Key': idempotencyKey('targets', region, year, indicator) } },
      body: { regionCode: region, year, indicator, target: figure.value },
    });
  }
  ctx.log('Jakarta Utara: 2024 targets set (admissions 100, aftercare 15, SKHPN 150)');
}

/** The surveys' figures the seeds give, recorded as reference figures with their source. */
export async function surveyFigures(ctx) {
  const figures = [
    [DKI_JAKARTA.region, DKI_JAKARTA.prevalence2019Pct, 'prevalence_pct', DKI_JAKARTA.surveySource],
    [DKI_JAKARTA.region, DKI_JAKARTA.users2019, 'estimated_users', DKI_JAKARTA.surveySource],
    [JAMBI.region, JAMBI.abuseRank, 'abuse_rank', JAMBI.rankSource],
  ];
  for (const [region, figure, kind, source] of figures) {
    const year = figure.reads[0]?.year ?? (region === JAMBI.region ? JAMBI.year : DKI_JAKARTA.year);
    await ctx.as(await ctx.tokenFor('analyst', region)).put('/v1/reporting/reference-figures', {
      params: { header: { 'Idempotency-Key': idempotencyKey('reference-figures', region, year, kind) } },
      body: { regionCode: region, year, kind, value: figure.value, source: source.value },
    });
  }
  ctx.log('survey figures: DKI Jakarta 2019 (3.3 %, about 132,000 users), Jambi 2022 (26th among provinces)');
}

/** The seed figures reporting must show once it has counted everything: plain yearly values. */
function expectedValues() {
  const expected = [];
  for (const f of figureList()) {
    if (!f.seed || typeof f.value !== 'number') continue;
    for (const r of f.reads)
      if (r.field === 'value' && !r.reference && !r.path && !r.months && r.round === undefined)
        expected.push({ ...r, value: f.value });
  }
  return expected;
}

/** The reads that do not yet show their value, each with what it shows. */
async function behind(ctx, expected) {
  const pages = new Map();
  const out = [];
  for (const e of expected) {
    const page = `${e.region}/${e.year}`;
    if (!pages.has(page))
      pages.set(
        page,
        await ctx
          .as(ctx.analyst)
          .get('/v1/reporting/indicators', { params: { query: { regionCode: e.region, year: e.year } } }),
      );
    const got = pages.get(page).indicators.find((i) => i.code === e.indicator)?.value;
    if (got !== e.value) out.push({ ...e, got });
  }
  return out;
}

/** Waits (at most `timeoutMs`) until reporting shows every seed figure; true when it does. */
export async function settle(ctx, timeoutMs) {
  const expected = expectedValues();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const late = await behind(ctx, expected);
    if (late.length === 0) return true;
    if (Date.now() > deadline) {
      ctx.log(`warning: reporting had not caught up after ${timeoutMs / 1000} s`);
      return false;
    }
    if (!ctx.quiet)
      ctx.log(
        `reporting is catching up: ${late.map((e) => `${e.region}/${e.year} ${e.indicator} ${e.got}/${e.value}`).join(', ')}`,
      );
    await sleep(3000);
  }
}

/** DKI's 2024 approvals: whether every regency's office has signed off, and the children's states. */
export async function dkiApprovals(ctx) {
  const bnnp = await ctx.tokenFor('admin', '31');
  const dki = await ctx
    .as(bnnp)
    .get('/v1/reporting/approvals', { params: { query: { regionCode: '31', year: 2024 } } });
  return { bnnp, children: dki.children, complete: dki.children.every((c) => c.state === 'approved') };
}

/**
 * The sign-off chain for DKI Jakarta 2024, once every figure is in: each regency's BNN office
 * submits, the province's approves (so their figures are frozen as counted). Writes only what is
 * missing, so a re-run after a complete sign-off writes nothing.
 */
export async function signOffDki(ctx) {
  const { bnnp, children } = await dkiApprovals(ctx);
  const period = { year: 2024 };
  for (const child of children) {
    const body = { regionCode: child.regionCode, period };
    const bnnk = await ctx.tokenFor('admin', child.regionCode);
    if (child.state === 'open' || child.state === 'returned')
      await ctx.as(bnnk).post('/v1/reporting/approvals/{action}', {
        params: {
          path: { action: 'submit' },
          header: { 'Idempotency-Key': idempotencyKey('sign-off', child.regionCode, 'submit') },
        },
        body,
      });
    if (child.state !== 'approved')
      await ctx.as(bnnp).post('/v1/reporting/approvals/{action}', {
        params: {
          path: { action: 'approve' },
          header: { 'Idempotency-Key': idempotencyKey('sign-off', child.regionCode, 'approve') },
        },
        body,
      });
  }
  ctx.log(`DKI Jakarta 2024: every regency submitted and approved (${children.length})`);
}

async function completeness(ctx, regionCode) {
  const c = await ctx
    .as(ctx.analyst)
    .get('/v1/reporting/completeness', { params: { query: { regionCode, year: 2024 } } });
  const silent = c.units.filter((u) => u.silentMonths.length > 0).length;
  return `${c.received} of ${c.expected} unit-months recorded (${c.completenessPct} %), ${c.onTime} on time; ${silent} of ${c.units.length} units silent in some month; ${c.offices.received} of ${c.offices.expected} offices submitted`;
}

/** Requests the annual coordination report of 31.72 and prints what the load produced. */
export async function reportAndSummary(ctx, elapsed) {
  const { region, year } = JAKARTA_UTARA;
  const api = ctx.as(ctx.analyst);
  const report = await api.post('/v1/reports', {
    params: { header: { 'Idempotency-Key': idempotencyKey('report', 'coordination', region, year) } },
    body: { kind: 'coordination', regionCode: region, period: { year } },
  });
  const summary = await api.get('/v1/reporting/indicators', { params: { query: { regionCode: region, year } } });
  const value = (code) => summary.indicators.find((i) => i.code === code);
  const admissions = value('rehab.admissions');
  const skhpn = value('rehab.skhpn_issued');
  const { stats } = ctx;
  console.log(`
Demo data loaded in ${elapsed()} (${stats.writes} writes, ${stats.replayed} of them answered from an earlier run, ${stats.requests} requests).
  Jakarta Utara 2024: admissions ${admissions.value} of ${admissions.target} (${admissions.achievementPct} %), SKHPN ${skhpn.value} of ${skhpn.target} (${skhpn.achievementPct} %),
                      aftercare ${value('rehab.aftercare_clients').value}, activities ${value('prevention.activities').value}, digital reach ${value('prevention.digital_reach').value},
                      integrated assessments ${value('coordination.assessments_requested').value}
  Annual coordination report 31.72/2024: ${report.id} (${report.status}); open ${ctx.gateway}/reports to view it.
  Reporting units 2024: DKI Jakarta ${await completeness(ctx, '31')}
                        Jambi ${await completeness(ctx, '15')}`);
}
