// The demo data set, written through the public API (the gateway over HTTP, with tokens signed
// like scripts/token.mjs). It reproduces every figure the agencies' own reports give — the table
// in scripts/demo/figures.mjs, each figure with the report it comes from, checked by
// test/e2e/demo.spec.ts — and adds modest background activity elsewhere so national and
// provincial reports are not empty. The steps live in scripts/demo/, one module per domain.
//
//   npm run demo                      GATEWAY_URL (default http://127.0.0.1:3000), JWT_SECRET
//   node scripts/demo.mjs --concurrency 12 --background-scale 0.5
//
// Re-runnable. Every write's Idempotency-Key is derived from what it writes (step and index), and
// every body from its own seeded generator, so running again after an interruption sends the
// same writes under the same keys: the gateway answers those already done with their first answer
// (the same ids) and the load completes. A complete load (the marker facility written last, DKI's
// 2024 sign-off done) is left alone.
import { parseArgs } from 'node:util';
import { ProblemError } from '@sinergi/client';
import { assessmentRequests, assessmentResults, referralAdmissions } from './demo/assessments.mjs';
import { background } from './demo/background.mjs';
import { createContext } from './demo/context.mjs';
import { dkiPrisons, jakartaBaratRaids, jakartaUtaraRaids, lubuklinggauCases } from './demo/enforcement.mjs';
import { listAll, waitForGateway } from './demo/http.mjs';
import {
  jakartaBaratActivities,
  jakartaBaratVulnerableAreas,
  jakartaUtaraActivities,
  jakartaUtaraBersinar,
} from './demo/prevention.mjs';
import {
  dkiAdmissions,
  dkiFacilities,
  FIRST_FACILITY,
  jakartaUtaraAdmissions,
  jakartaUtaraCertificates,
  jakartaUtaraFacilities,
  lubuklinggauAdmissions,
  lubuklinggauFacilities,
  MARKER_FACILITY,
  registerFacility,
  silentFacility,
  southSumatraAdmissions,
} from './demo/rehab.mjs';
import {
  dkiApprovals,
  jakartaUtaraTargets,
  reportAndSummary,
  settle,
  signOffDki,
  surveyFigures,
} from './demo/reporting.mjs';

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
/**
 * The gateway keeps an Idempotency-Key's answer for 24 hours (docs/architecture.md). An
 * interrupted load is resumed only while its first writes are well inside that window; later,
 * their keys may be gone and a re-run would write them twice.
 */
const RESUME_WITHIN_MS = 20 * 60 * 60 * 1000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[demo ${elapsed()}] ${message}`);

/** Every data write, in order: the first facility first, the marker last. */
async function loadData(ctx) {
  // Jakarta Utara (31.72), 2024
  const jakut = await jakartaUtaraFacilities(ctx);
  await jakartaUtaraTargets(ctx);
  await surveyFigures(ctx);
  const requests = await assessmentRequests(ctx, jakut);
  await jakartaUtaraCertificates(ctx, jakut);
  await jakartaUtaraActivities(ctx, jakut);
  await jakartaUtaraBersinar(ctx);
  await jakartaUtaraRaids(ctx);
  const referred = await assessmentResults(ctx, jakut, requests);
  await referralAdmissions(ctx, jakut, referred);
  await jakartaUtaraAdmissions(ctx, jakut);
  // Lubuklinggau (16.73), 2022, and the rest of South Sumatra
  const llg = await lubuklinggauFacilities(ctx);
  await lubuklinggauCases(ctx);
  await lubuklinggauAdmissions(ctx, llg);
  await southSumatraAdmissions(ctx);
  // DKI Jakarta (31), Jakarta Barat's vulnerable areas
  await dkiAdmissions(ctx, await dkiFacilities(ctx, jakut));
  await dkiPrisons(ctx);
  await jakartaBaratVulnerableAreas(ctx);
  await jakartaBaratRaids(ctx);
  await jakartaBaratActivities(ctx);
  // Elsewhere
  await background(ctx);
  await silentFacility(ctx);
  await registerFacility(ctx, jakut.token, { name: MARKER_FACILITY, kind: 'clinic', regionCode: '31.72' });
  const { stats } = ctx;
  log(
    `all written: ${stats.writes} writes (${stats.replayed} answered from an earlier run) in ${stats.requests} requests ` +
      `(${stats.retries} retried, ${stats.rateLimited} rate-limited)`,
  );
}

/**
 * Where an earlier load stopped: `fresh` (nothing), `interrupted` (the first facility without the
 * marker), `written` (the marker, but DKI's sign-off not complete) or `complete`.
 */
async function loadState(ctx) {
  const facilities = await listAll(ctx.as(ctx.analyst), '/v1/rehab/facilities', { regionCode: '31.72' });
  const first = facilities.find((f) => f.name === FIRST_FACILITY);
  if (facilities.some((f) => f.name === MARKER_FACILITY))
    return (await dkiApprovals(ctx)).complete ? 'complete' : 'written';
  if (!first) return 'fresh';
  const age = Date.now() - Date.parse(first.createdAt);
  if (age > RESUME_WITHIN_MS)
    throw new Error(
      `an earlier demo load was interrupted ${(age / 3_600_000).toFixed(0)} h ago ("${FIRST_FACILITY}" exists but not ` +
        `"${MARKER_FACILITY}"); the gateway no longer holds its first writes' keys, so loading again could count ` +
        'twice: stop the stack, run `npm run reset`, and start it again',
    );
  return 'interrupted';
}

async function main() {
  log(
    `loading the demo data set through ${GATEWAY} (${CONCURRENCY} requests in flight, background ×${BACKGROUND_SCALE})`,
  );
  await waitForGateway(GATEWAY);
  const ctx = await createContext({
    gateway: GATEWAY,
    concurrency: CONCURRENCY,
    backgroundScale: BACKGROUND_SCALE,
    quiet: args.quiet,
    log,
  });
  const state = await loadState(ctx);
  if (state === 'complete') {
    log(`the demo data set is already loaded (facility "${MARKER_FACILITY}" exists in 31.72); nothing to do`);
    return;
  }
  if (state === 'written') log('the demo data is written but DKI Jakarta 2024 is not signed off: finishing the load');
  if (state === 'interrupted')
    log(
      `resuming an interrupted load ("${FIRST_FACILITY}" exists but not "${MARKER_FACILITY}"): writes already done are answered from the gateway`,
    );
  if (state !== 'written') await loadData(ctx);
  // Reporting has counted everything, then DKI signs off and the annual report of 31.72 is made.
  if (await settle(ctx, SETTLE_TIMEOUT_MS)) await signOffDki(ctx);
  else log('DKI Jakarta 2024: not approved, reporting had not caught up');
  await reportAndSummary(ctx, elapsed);
}

main().catch((error) => {
  // A refusal names its bad fields: say which; anything else is the loader's own fault: say where.
  const what =
    error instanceof ProblemError
      ? `${error.message}${error.errors.length > 0 ? ` ${JSON.stringify(error.errors)}` : ''}`
      : (error.stack ?? error.message);
  console.error(`[demo ${elapsed()}] failed: ${what}`);
  process.exit(1);
});
