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
import { htmlTemplate, packageFile, staticAssets } from '../http/page-files.js';
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

/**
 * The dashboard's pages are files (apps/gateway/static/admin-*, apps/gateway/templates/admin-*):
 * the sign-in page as it is, the dashboard and its error page filled in with every value escaped.
 * Their script and stylesheet come from this origin, so the policy allows nothing inline.
 */
const LOGIN_PAGE = packageFile('static/admin-login.html');
const ASSETS = staticAssets(['admin.css', 'admin-login.js', 'admin-dashboard.js']);
const dashboardTemplate = htmlTemplate<DashboardView>('templates/admin-dashboard.html');
const errorTemplate = htmlTemplate<{ status: number; detail: string }>('templates/admin-error.html');

/** A page's policy: its script (if it has one) and stylesheet from this origin, requests back to it only. */
const policy = (withScript: boolean) =>
  [
    "default-src 'none'",
    `script-src ${withScript ? "'self'" : "'none'"}`,
    "style-src 'self'",
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

interface DashboardView {
  changeHeader: string;
  sub: string;
  counts: Array<{ state: string; count: number }>;
  activePerUser: number;
  perUserPerHour: number;
  retentionDays: number;
  scheduledRetentionDays: number;
  filters: Array<{ href: string; label: string; current: boolean }>;
  jobs: Array<{
    id: string;
    name: string;
    state: string;
    report: { kind: string; regionCode: string; periodKey: string; status: string } | null;
    requestedBy: string;
    priority: number;
    attemptsMade: number;
    createdAt: string;
    finishedAt: string;
    failedReason: string;
    /** A failed job's buttons. */
    actions: { retryUrl: string; removeUrl: string } | null;
  }>;
}

function dashboardView(overview: QueueOverview, principal: Principal, state: string | undefined): DashboardView {
  return {
    changeHeader: DASHBOARD_HEADER,
    sub: principal.sub,
    counts: QUEUE_JOB_STATES.map((s) => ({ state: s, count: overview.counts[s] ?? 0 })),
    activePerUser: overview.quota.activePerUser,
    perUserPerHour: overview.quota.perUserPerHour,
    retentionDays: overview.retention.days,
    scheduledRetentionDays: overview.retention.scheduledDays,
    filters: [
      { href: BASE, label: 'all', current: !state },
      ...QUEUE_JOB_STATES.map((s) => ({ href: `${BASE}?state=${s}`, label: s, current: s === state })),
    ],
    jobs: overview.jobs.map((job) => {
      const url = `${BASE}/jobs/${encodeURIComponent(job.id)}`;
      return {
        id: job.id,
        name: job.name,
        state: job.state,
        report: job.report ?? null,
        requestedBy: job.requestedBy ?? '–',
        priority: job.priority,
        attemptsMade: job.attemptsMade,
        createdAt: job.createdAt,
        finishedAt: job.finishedAt ?? '–',
        failedReason: job.failedReason ?? '',
        actions: job.state === 'failed' ? { retryUrl: `${url}/retry`, removeUrl: url } : null,
      };
    }),
  };
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
      .header('content-security-policy', policy(true))
      .send(LOGIN_PAGE),
  );

  // The pages' script and stylesheet: public like the sign-in page, and only the files named above.
  fastify.get('/admin/assets/:file', async (request, reply) => {
    const asset = ASSETS.get((request.params as { file?: string }).file ?? '');
    if (!asset) return sendProblem(reply, new ProblemError(404, ErrorCode.NotFound, 'no such asset'));
    return reply.header('content-type', asset.contentType).header('cache-control', 'no-store').send(asset.body);
  });

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
        .header('content-security-policy', policy(true))
        .send(dashboardTemplate(dashboardView(overview, principal, state)));
    } catch (error) {
      const problem = toProblem(error);
      return reply
        .code(problem.status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', policy(false))
        .send(errorTemplate({ status: problem.status, detail: problem.detail }));
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
