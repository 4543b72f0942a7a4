// The loader's officers: HS256 tokens signed like scripts/token.mjs, one officer per role, region
// and agency (distinct, stable `sub`s, as real users would be; the gateway keeps Idempotency-Keys
// per `sub`, so a re-run must sign as the same officers).
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';

/** The HS256 secret and the issuer and audience the gateway checks: given (compose), or the clone's own. */
async function tokenSettings() {
  const given = process.env.JWT_SECRET_FILE
    ? { ...process.env, JWT_SECRET: readFileSync(process.env.JWT_SECRET_FILE, 'utf8').trim() }
    : process.env;
  const env = given.JWT_SECRET ? given : await (await import('../dev-env.mjs')).envFor('demo');
  return { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
}

/** `tokenFor(role, region, agency = 'BNN')`, each signed once and kept. */
export async function createTokens() {
  const settings = await tokenSettings();
  const secret = new TextEncoder().encode(settings.secret);
  const tokens = new Map();
  const sign = (role, region, agency) => {
    const jwt = new SignJWT({ agency, roles: [role], region })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`demo-${role}-${region}-${agency}`.toLowerCase())
      .setIssuedAt()
      .setExpirationTime('4h');
    if (settings.issuer) jwt.setIssuer(settings.issuer);
    if (settings.audience) jwt.setAudience(settings.audience);
    return jwt.sign(secret);
  };
  return async function tokenFor(role, region, agency = 'BNN') {
    const key = `${role}|${region}|${agency}`;
    if (!tokens.has(key)) tokens.set(key, await sign(role, region, agency));
    return tokens.get(key);
  };
}
