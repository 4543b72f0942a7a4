// What every step is given: the API as each officer (`as(token)`), the pool, the log, the
// officers' tokens, the region tree, and `item(step, index)`, from which each written item takes
// its generator and its keys.
import { createApi, createPool, idempotencyKey } from './http.mjs';
import { rng } from './random.mjs';
import { createTokens } from './tokens.mjs';

/**
 * One item of a step: its own generator (`r`) and the Idempotency-Key of each of its writes
 * (`key('client')`), both derived from the step and the index, so a re-run writes the same
 * bodies under the same keys.
 */
export function item(step, index) {
  return { r: rng(step, index), key: (...write) => idempotencyKey(step, index, ...write) };
}

export async function createContext({ gateway, concurrency, backgroundScale, quiet, log }) {
  const { as, stats } = createApi({ gateway, log });
  const tokenFor = await createTokens();
  const analyst = await tokenFor('analyst', 'ID');
  const children = new Map();
  /** The codes of a region's children (districts of a regency, villages of a district). */
  const districts = async (code) => {
    if (!children.has(code))
      children.set(
        code,
        (await as(analyst).get('/v1/regions/{code}', { params: { path: { code } } })).children.map((c) => c.code),
      );
    return children.get(code);
  };
  return {
    /** The API as the officer whose token it is: `ctx.as(token).post('/v1/rehab/facilities', { … })`. */
    as,
    stats,
    log,
    quiet,
    gateway,
    pool: createPool({ concurrency, log, quiet }),
    tokenFor,
    analyst,
    districts,
    /** Multiplies the background only (other provinces); the seed figures never change. */
    scaled: (n) => Math.round(n * backgroundScale),
  };
}
