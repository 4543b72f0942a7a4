import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ErrorCode,
  type Principal,
  principalSchema,
  QUEUE_JOB_STATES,
  type QueueOverview,
  queueJobIdSchema,
  queueJobStateSchema,
  ReportQueueRpc,
} from '@sinergi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';
import { GatewayRedis } from '../http/redis.js';
import { ServiceClient } from '../upstream/service-client.js';

const BASE = '/admin/queues';
/**
 * Sent by the dashboard's own script with every change it asks for by cookie: a page of another
 * origin cannot add a header without a CORS preflight, so a forged request never carries it
 * (the SameSite=Strict cookie is the first guard, this the second).
 */
export const DASHBOARD_HEADER = 'x-sinergi-dashboard';
/** `__Secure-`: a browser takes it only over HTTPS (or localhost), never from a plain-HTTP page. */
export const SESSION_COOKIE = '__Secure-sinergi-admin';
/** The longest an admin session lives; never beyond the token it was opened with. */
export const SESSION_MAX_S = 8 * 3600;

const esc = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
code{font-size:.85em}.counts td{font-variant-numeric:tabular-nums}nav a{margin-right:.8rem}button{padding:.2rem .6rem}
.reason{max-width:24rem;overflow-wrap:anywhere;color:#8a1c1c}input{width:100%;padding:.4rem}header{display:flex;justify-content:space-between;align-items:center}`;

const LOGIN_SCRIPT = `document.getElementById('f').onsubmit = async (ev) => { ev.preventDefault();
  const r = await fetch('/admin/session', { method: 'POST', headers: { authorization: 'Bearer ' + document.getElementById('t').value.trim() } });
  if (r.ok) location.href = '${BASE}'; else document.getElementById('e').textContent = (await r.json()).detail; };`;

const DASHBOARD_SCRIPT = `document.addEventListener('click', async (ev) => {
  const button = ev.target.closest('button[data-method]'); if (!button) return;
  button.disabled = true;
  const r = await fetch(button.dataset.url, { method: button.dataset.method, headers: { '${DASHBOARD_HEADER}': '1' } });
  if (button.dataset.url === '/admin/session') { location.href = '/admin/login'; return; }
  if (!r.ok) { document.getElementById('e').textContent = (await r.json()).detail; button.disabled = false; return; }
  location.reload(); });`;

/** A page's policy: its one inline script by hash, inline styles, requests back to this origin only. */
const policy = (script: string) =>
  [
    "default-src 'none'",
    `script-src ${hashOf(script)}`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

const page = (title: string, body: string, script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — Sinergi</title><style>${STYLE}</style></head>
<body>${body}<script>${script}</script></body></html>`;

const LOGIN_PAGE = page(
  'Report queue',
  `<main style="max-width:32rem;margin:2rem auto"><h1>Report queue</h1>
<p>Paste an <strong>admin</strong> token of region <code>ID</code> (for example from <code>npm run token -- --role admin --region ID</code>).
The session lasts at most 8 hours and ends with the token.</p>
<form id="f"><input id="t" autocomplete="off" placeholder="eyJ..."><button>Open the dashboard</button></form><p id="e" role="alert"></p></main>`,
  LOGIN_SCRIPT,
);

function dashboardPage(overview: QueueOverview, principal: Principal, state: string | undefined): string {
  const counts = QUEUE_JOB_STATES.map((s) => `<td>${overview.counts[s] ?? 0}</td>`).join('');
  const filters = [
    `<a href="${BASE}"${state ? '' : ' aria-current="page"'}>all</a>`,
    ...QUEUE_JOB_STATES.map((s) => `<a href="${BASE}?state=${s}"${s === state ? ' aria-current="page"' : ''}>${s}</a>`),
  ].join('');
  const rows = overview.jobs
    .map((job) => {
      const url = `${BASE}/jobs/${encodeURIComponent(job.id)}`;
      const actions =
        job.state === 'failed'
          ? `<button data-method="POST" data-url="${esc(url)}/retry">Retry</button> <button data-method="DELETE" data-url="${esc(url)}">Remove</button>`
          : '';
      const report = job.report
        ? `${esc(job.report.kind)} ${esc(job.report.regionCode)} ${esc(job.report.periodKey)} <small>(${esc(job.report.status)})</small>`
        : '–';
      return `<tr><td><code>${esc(job.id)}</code></td><td>${esc(job.name)}</td><td>${esc(job.state)}</td><td>${report}</td>
<td>${esc(job.requestedBy ?? '–')}</td><td>${job.priority}</td><td>${job.attemptsMade}</td><td>${esc(job.createdAt)}</td>
<td>${esc(job.finishedAt ?? '–')}</td><td class="reason">${esc(job.failedReason ?? '')}</td><td>${actions}</td></tr>`;
    })
    .join('\n');
  return page(
    'Report queue',
    `<header><h1>Report queue</h1><span>${esc(principal.sub)} · <button data-method="DELETE" data-url="/admin/session">Sign out</button></span></header>
<table class="counts"><thead><tr>${QUEUE_JOB_STATES.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody><tr>${counts}</tr></tbody></table>
<p>Each user may have ${overview.quota.activePerUser} reports queued or running and ask for ${overview.quota.perUserPerHour} an hour.
Finished reports are deleted after ${overview.retention.days} days, scheduled ones after ${overview.retention.scheduledDays} days.</p>
<nav>${filters}</nav><p id="e" role="alert"></p>
<table><thead><tr><th>Job</th><th>Name</th><th>State</th><th>Report</th><th>Requested by</th><th>Priority</th><th>Attempts</th><th>Created</th><th>Finished</th><th>Failure</th><th></th></tr></thead>
<tbody>${rows || '<tr><td colspan="11">No jobs.</td></tr>'}</tbody></table>`,
    DASHBOARD_SCRIPT,
  );
}

function errorPage(problem: ProblemError): string {
  return page(
    'Report queue',
    `<main><h1>${problem.status}</h1><p>${esc(problem.detail)}</p><p><a href="/admin/login">Sign in again</a></p></main>`,
    '',
  );
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function toProblem(error: unknown): ProblemError {
  return error instanceof ProblemError ? error : new ProblemError(500, ErrorCode.Internal, 'internal error');
}

function sendProblem(reply: FastifyReply, error: unknown) {
  const problem = toProblem(error);
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .header('cache-control', 'no-store')
    .header('content-type', 'application/problem+json')
    .send(problem.toProblem());
}

const notSignedIn = () => new ProblemError(401, ErrorCode.Unauthenticated, 'sign in as an admin at /admin/login');
const notAdmin = () => new ProblemError(403, ErrorCode.Forbidden, 'the queue dashboard is for admins');

/**
 * Admin sessions: an opaque random id in the cookie, the principal in Redis under the gateway's
 * prefix, keyed by the id's SHA-256 (whoever reads Redis cannot replay a cookie from it).
 */
class AdminSessions {
  constructor(private readonly redis: GatewayRedis) {}

  private key(id: string): string {
    return this.redis.key('admin-session', createHash('sha256').update(id).digest('hex'));
  }

  async open(principal: Principal, ttlS: number): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.client.set(this.key(id), JSON.stringify(principal), 'EX', ttlS);
    return id;
  }

  async find(id: string | undefined): Promise<Principal | null> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const stored = await this.redis.client.get(this.key(id));
    if (!stored) return null;
    try {
      const principal = principalSchema.safeParse(JSON.parse(stored));
      return principal.success ? principal.data : null;
    } catch {
      return null;
    }
  }

  async close(id: string | undefined): Promise<void> {
    if (id) await this.redis.client.del(this.key(id));
  }
}

const sessionCookie = (value: string, maxAge: number) =>
  `${SESSION_COOKIE}=${value}; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`;

/**
 * The report queue's dashboard for admins, from reporting's side of a contract: the gateway
 * holds no queue, no Redis of reporting's and no queue name, only ReportQueueRpc
 * (packages/contracts/src/report-queue.ts), and reporting answers only national admins
 * (403 for everyone else). Signed in by a bearer token, or by the session cookie that
 * POST /admin/session sets after checking one; DELETE /admin/session signs out. Every answer
 * is `Cache-Control: no-store`. Returns a closer (nothing of its own to close any more).
 */
export async function mountQueueDashboard(
  app: NestFastifyApplication,
  _config: GatewayConfig,
  verifier: TokenVerifier,
) {
  const fastify = app.getHttpAdapter().getInstance();
  const sessions = new AdminSessions(app.get(GatewayRedis));
  const services = () => app.get(ServiceClient);

  /** The admin behind a request: its bearer token, else its session (for a change, from the dashboard only). */
  async function adminOf(request: FastifyRequest, change = false): Promise<Principal> {
    if (request.headers.authorization) {
      const principal = await verifier.verify(request.headers.authorization);
      if (!principal.roles.includes('admin')) throw notAdmin();
      return principal;
    }
    const principal = await sessions.find(cookieValue(request, SESSION_COOKIE));
    if (!principal) throw notSignedIn();
    if (change && request.headers[DASHBOARD_HEADER] !== '1')
      throw new ProblemError(
        403,
        ErrorCode.Forbidden,
        `a change by session cookie needs the ${DASHBOARD_HEADER} header`,
      );
    if (!principal.roles.includes('admin')) throw notAdmin();
    return principal;
  }

  fastify.get('/admin/login', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', policy(LOGIN_SCRIPT))
      .send(LOGIN_PAGE),
  );

  fastify.post('/admin/session', async (request, reply) => {
    try {
      // The token comes as a bearer token, like on every API call, and is never stored.
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined) throw notSignedIn();
      const principal = await verifier.verify(`Bearer ${token}`);
      if (!principal.roles.includes('admin')) throw notAdmin();
      const exp = Number(decodeJwt(token).exp);
      const ttl = Math.min(SESSION_MAX_S, Math.floor(exp - Date.now() / 1000));
      if (!(ttl > 0)) throw notSignedIn();
      const id = await sessions.open(principal, ttl);
      return reply.header('set-cookie', sessionCookie(id, ttl)).header('cache-control', 'no-store').code(204).send();
    } catch (error) {
      return sendProblem(reply, error);
    }
  });

  fastify.delete('/admin/session', async (request, reply) => {
    try {
      await sessions.close(cookieValue(request, SESSION_COOKIE));
      return reply.header('set-cookie', sessionCookie('', 0)).header('cache-control', 'no-store').code(204).send();
    } catch (error) {
      return sendProblem(reply, error);
    }
  });

  fastify.get(BASE, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    let principal: Principal;
    try {
      principal = await adminOf(request);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status === 401 && (request.headers.accept ?? '').includes('text/html'))
        return reply.redirect('/admin/login');
      return sendProblem(reply, problem);
    }
    const asked = queueJobStateSchema.safeParse((request.query as { state?: unknown }).state);
    const state = asked.success ? asked.data : undefined;
    try {
      const overview = await services().call(ReportQueueRpc.overview, { state, limit: 50 }, principal);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', policy(DASHBOARD_SCRIPT))
        .send(dashboardPage(overview, principal, state));
    } catch (error) {
      const problem = toProblem(error);
      return reply
        .code(problem.status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', policy(''))
        .send(errorPage(problem));
    }
  });

  const action =
    (contract: typeof ReportQueueRpc.retry | typeof ReportQueueRpc.remove) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const principal = await adminOf(request, true);
        const id = queueJobIdSchema.safeParse((request.params as { id?: string }).id);
        if (!id.success) throw ProblemError.validation([{ path: 'id', message: 'is not a job id' }]);
        const answer = await services().call(contract, { id: id.data }, principal);
        return reply.header('cache-control', 'no-store').send(answer);
      } catch (error) {
        return sendProblem(reply, error);
      }
    };
  fastify.post(`${BASE}/jobs/:id/retry`, action(ReportQueueRpc.retry));
  fastify.delete(`${BASE}/jobs/:id`, action(ReportQueueRpc.remove));

  return async () => undefined;
}
