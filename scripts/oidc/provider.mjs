// A local OpenID Connect provider for Sinergi's demo people (./users.mjs), built on oidc-provider:
// the browser pages sign in here with authorization code + PKCE (S256), and the access token is
// a JWT (RS256) for the gateway's audience, carrying Sinergi's claims (agency, roles, region),
// which the gateway verifies through this provider's JWKS (docs/security.md). `npm run stack`
// starts it; specs start it too. It keeps everything in memory (sessions, grants, its signing
// key, made at start), so a restart signs everyone out. Not for production: a deployment uses
// its own provider (docker-compose.yml runs Keycloak with deploy/keycloak/sinergi-realm.json).
//
//   node scripts/oidc/provider.mjs
//     OIDC_PORT (3100; 0 for any), OIDC_HOST (127.0.0.1), OIDC_ISSUER (http://<host>:<port>),
//     OIDC_REDIRECT_ORIGINS (the pages' origins, default http://127.0.0.1:3000,http://localhost:3000),
//     OIDC_CLIENT_ID (sinergi-dashboard), OIDC_AUDIENCE (sinergi-api), OIDC_TOKEN_TTL_S (900)
// Once it listens it prints one line of JSON: {"issuer": …, "jwksUrl": …}.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { DEMO_PASSWORD, DEMO_USERS } from './users.mjs';

/** The resource indicator of Sinergi's API; its tokens name the gateway's audience. */
export const API_RESOURCE = 'urn:sinergi:api';
/** The scope that asks for an access token to the API (the page asks for `openid sinergi`). */
export const API_SCOPE = 'sinergi';
/** The provider's pages may only be shown as themselves: no script, no frame, their own styles. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
const FORM_LIMIT = 4096;

const htmlEscape = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** Each demo user by user name, with a stable subject (`demo:<user name>`). */
const USERS = new Map(DEMO_USERS.map((user) => [user.username, { ...user, sub: `demo:${user.username}` }]));
const BY_SUB = new Map([...USERS.values()].map((user) => [user.sub, user]));

function passwordMatches(given) {
  const a = Buffer.from(String(given ?? ''));
  const b = Buffer.from(DEMO_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

function page(title, body, lang = 'id') {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:22rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0003}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin-top:.8rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.6rem;font:inherit;border:1px solid #5b6570;border-radius:4px}
button{margin-top:1.2rem;width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#0b5cad;border:1px solid #0b5cad}
button:focus-visible,input:focus-visible{outline:3px solid #f2b01e;outline-offset:2px}
.error{color:#a4161a;font-weight:600}.muted{color:#4a545e;font-size:.9rem}
</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid, error) {
  return page(
    'Sinergi — Masuk',
    `<h1>Sinergi — Masuk / Sign in</h1>
<form method="post" action="/interaction/${htmlEscape(uid)}/login" autocomplete="off">
${error ? `<p class="error" role="alert">${htmlEscape(error)}</p>` : ''}
<label for="username">Nama pengguna / User name</label>
<input id="username" name="username" required autofocus autocapitalize="none" spellcheck="false">
<label for="password">Kata sandi / Password</label>
<input id="password" name="password" type="password" required>
<button type="submit" id="sign-in">Masuk / Sign in</button>
</form>
<p class="muted">Pengguna demo lokal (scripts/oidc/users.mjs). Local demo users.</p>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > FORM_LIMIT) throw new Error('the form is too large');
  }
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_POLICY,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

/** The configuration of the provider: one public client (the pages), PKCE, JWT access tokens for the API. */
export function providerConfiguration({ clientId, redirectOrigins, audience, tokenTtlS }) {
  const uris = (path) => redirectOrigins.map((origin) => `${origin}${path}`);
  return {
    clients: [
      {
        client_id: clientId,
        client_name: 'Sinergi',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [...uris('/dashboard'), ...uris('/reports')],
        post_logout_redirect_uris: [...uris('/dashboard'), ...uris('/reports')],
      },
    ],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // The token endpoint answers the pages' own origins only (their fetch is cross-origin).
    clientBasedCORS: (_ctx, origin) => redirectOrigins.includes(origin),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name'] },
    // The name goes into the ID token: the access token is for the API, not for userinfo.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.set('content-security-policy', PAGE_POLICY);
          ctx.body = page(
            'Sinergi — Keluar',
            `<h1>Keluar dari Sinergi? / Sign out?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="sign-out" autofocus>Keluar / Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Batal / Stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.set('content-security-policy', PAGE_POLICY);
          ctx.body = page('Sinergi', '<h1>Anda sudah keluar / You are signed out</h1>');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience,
            accessTokenTTL: tokenTtlS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    /** Sinergi's claims, in the access token only (the gateway reads nothing else). */
    extraTokenClaims: async (_ctx, token) => {
      const user = BY_SUB.get(token.accountId);
      return user ? { agency: user.agency, roles: user.roles, region: user.region } : undefined;
    },
    findAccount: async (_ctx, sub) => {
      const user = BY_SUB.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: user.name }) };
    },
    ttl: {
      AccessToken: tokenTtlS,
      IdToken: tokenTtlS,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.set('content-security-policy', PAGE_POLICY);
      ctx.body = page('Sinergi', `<h1>Masuk gagal / Sign-in failed</h1><p class="error">${htmlEscape(out.error)}</p>`);
    },
  };
}

/** The sign-in form (prompt `login`), and the consent the pages' own client is given without asking. */
async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Sinergi', '<h1>Bad request</h1>'));
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (req.method === 'GET') return send(res, 200, loginPage(uid));
    if (action !== 'login') return send(res, 404, page('Sinergi', '<h1>Not found</h1>'));
    const form = await readForm(req);
    const user = USERS.get(form.get('username') ?? '');
    if (!user || !passwordMatches(form.get('password'))) {
      return send(res, 401, loginPage(uid, 'Nama pengguna atau kata sandi salah / Wrong user name or password'));
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  }
  if (prompt.name === 'consent') {
    // The pages are the deployment's own client: what they ask for is granted (no consent screen).
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  return send(res, 400, page('Sinergi', '<h1>Bad request</h1>'));
}

/**
 * Starts the provider on `port` (0: any free one) and resolves once it listens, with its issuer,
 * its JWKS's URL and a way to stop it.
 */
export async function startOidcProvider(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3100, host, resolve);
  });
  const { port } = server.address();
  const issuer = options.issuer ?? `http://${host}:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const key = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    ...providerConfiguration({
      clientId: options.clientId ?? 'sinergi-dashboard',
      redirectOrigins: options.redirectOrigins ?? ['http://127.0.0.1:3000', 'http://localhost:3000'],
      audience: options.audience ?? 'sinergi-api',
      tokenTtlS: options.tokenTtlS ?? 900,
    }),
    jwks: { keys: [key] },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]{1,100})(?:\/(login))?$/.exec(new URL(req.url, issuer).pathname);
    if (!match) return handle(req, res);
    interaction(provider, req, res, match[1], match[2]).catch((error) => {
      const expired = error instanceof errors.SessionNotFound;
      if (!res.headersSent) {
        send(
          res,
          expired ? 400 : 500,
          page('Sinergi', `<h1>${expired ? 'Sesi masuk kedaluwarsa / The sign-in expired' : 'Error'}</h1>`),
        );
      }
    });
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const list = (value) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  const running = await startOidcProvider({
    port: Number(env.OIDC_PORT ?? 3100),
    host: env.OIDC_HOST,
    issuer: env.OIDC_ISSUER,
    redirectOrigins: list(env.OIDC_REDIRECT_ORIGINS),
    clientId: env.OIDC_CLIENT_ID,
    audience: env.OIDC_AUDIENCE,
    tokenTtlS: env.OIDC_TOKEN_TTL_S ? Number(env.OIDC_TOKEN_TTL_S) : undefined,
  });
  console.log(JSON.stringify({ issuer: running.issuer, jwksUrl: running.jwksUrl }));
  const stop = () => running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
