// Prints a local HS256 token: npm run token -- --role rehab_officer --region 31.72 --agency BNN
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { envFor } from './dev-env.mjs';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: ['analyst'] },
    region: { type: 'string', default: 'ID' },
    agency: { type: 'string', default: 'BNN' },
    sub: { type: 'string', default: 'local-user' },
    ttl: { type: 'string', default: '8h' },
  },
});
const roles = values.role.flatMap((r) => r.split(','));
const env = await envFor('demo');
if (!env.JWT_SECRET) {
  console.error('JWT_SECRET is not set');
  process.exit(1);
}
const jwt = new SignJWT({ agency: values.agency, roles, region: values.region })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(values.ttl);
if (env.JWT_ISSUER) jwt.setIssuer(env.JWT_ISSUER);
if (env.JWT_AUDIENCE) jwt.setAudience(env.JWT_AUDIENCE);
const token = await jwt.sign(new TextEncoder().encode(env.JWT_SECRET));
console.log(token);
