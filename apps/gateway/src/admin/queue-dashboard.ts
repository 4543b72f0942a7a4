import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode, type Principal } from '@sinergi/contracts';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';

/** The queue reporting runs its report jobs on (apps/reporting/src/reports/report-queue.ts). */
const REPORT_QUEUE = 'reports';
const BASE = '/admin/queues';
const COOKIE = 'sinergi_admin';

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sinergi — queue dashboard</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto}input{width:100%;padding:.4rem}button{margin-top:.6rem;padding:.4rem 1rem}</style></head>
<body><h1>Report queue dashboard</h1><p>Paste an <strong>admin</strong> token (for example from <code>npm run token -- --role admin --region ID</code>).</p>
<form id="f"><input id="t" autocomplete="off" placeholder="eyJ..."><button>Open the dashboard</button></form><p id="e" role="alert"></p>
<script>document.getElementById('f').onsubmit = async (ev) => { ev.preventDefault();
  const r = await fetch('/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: document.getElementById('t').value.trim() }) });
  if (r.ok) location.href = '${BASE}'; else document.getElementById('e').textContent = (await r.json()).detail; };</script>
</body></html>`;

function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

async function adminFrom(verifier: TokenVerifier, token: string | undefined): Promise<Principal> {
  const principal = await verifier.verify(token ? `Bearer ${token}` : undefined);
  if (!principal.roles.includes('admin'))
    throw new ProblemError(403, ErrorCode.Forbidden, 'the queue dashboard is for admins');
  return principal;
}

function sendProblem(reply: FastifyReply, error: unknown) {
  const problem =
    error instanceof ProblemError ? error : new ProblemError(401, ErrorCode.Unauthenticated, 'sign in as an admin');
  return reply.code(problem.status).header('content-type', 'application/problem+json').send(problem.toProblem());
}

/**
 * bull-board over reporting's report queue, for admins: a bearer token, or the HttpOnly cookie
 * that /admin/login sets after checking one. Returns a closer for the dashboard's Redis link.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: GatewayConfig, verifier: TokenVerifier) {
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on('error', () => undefined);
  const queue = new Queue(REPORT_QUEUE, { connection, prefix: config.REDIS_PREFIX });
  const board = new BullBoardFastifyAdapter();
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board });
  board.setBasePath(BASE);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.get('/admin/login', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').send(LOGIN_PAGE),
  );
  fastify.post('/admin/session', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token;
    try {
      await adminFrom(verifier, typeof token === 'string' ? token : undefined);
    } catch (error) {
      return sendProblem(reply, error);
    }
    return reply
      .header(
        'set-cookie',
        `${COOKIE}=${encodeURIComponent(String(token))}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=28800`,
      )
      .code(204)
      .send();
  });
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      try {
        await adminFrom(verifier, bearer ?? cookieToken(request));
      } catch (error) {
        if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html'))
          return reply.redirect('/admin/login');
        return sendProblem(reply, error);
      }
    });
    await scope.register(board.registerPlugin() as never, { prefix: BASE });
  });
  return async () => {
    await queue.close();
    connection.disconnect();
  };
}
