import { ErrorCode, type HttpRoute, type Principal } from '@sinergi/contracts';
import type { Logger } from '@sinergi/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { importActivities } from '../import/activity-import.js';
import type { ServiceClient } from '../upstream/service-client.js';
import type { Idempotency } from './idempotency.js';
import { unsupportedMediaType } from './json-body.js';
import { ProblemError } from './problem.js';
import { sendProblem } from './problem.filter.js';
import type { RateLimits } from './rate-limit.js';
import { EXPORT_POLICY } from './security-headers.js';
import { validate } from './validate.js';

export interface RouteDeps {
  verifier: TokenVerifier;
  limits: RateLimits;
  idempotency: Idempotency;
  services: ServiceClient;
  logger: Logger;
}

/** Marks the routes this adapter mounts: they count their own rate limits (one round trip). */
export const TABLE_ROUTE = 'sinergi:table-route';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A route's input: the query or the body, then its headers, then its path parameters, each
 * later one winning, so a body cannot redirect a write to another record.
 */
export function inputOf(route: HttpRoute, request: FastifyRequest): Record<string, unknown> {
  const source = route.input === 'query' ? request.query : route.input === 'body' ? request.body : undefined;
  const input: Record<string, unknown> =
    typeof source === 'object' && source !== null && !Array.isArray(source) ? { ...source } : {};
  if (route.input === 'body' && source !== undefined && (typeof source !== 'object' || Array.isArray(source))) {
    throw ProblemError.validation([{ path: '(body)', message: 'must be a JSON object' }]);
  }
  for (const [name, { field }] of Object.entries(route.headers)) {
    const value = header(request, name);
    if (value !== undefined) input[field] = value;
  }
  const params = request.params as Record<string, string>;
  for (const [name, field] of Object.entries(route.params)) input[field] = params[name];
  return input;
}

async function authenticate(route: HttpRoute, request: FastifyRequest, deps: RouteDeps): Promise<Principal> {
  let principal: Principal;
  try {
    principal = await deps.verifier.verify(request.headers.authorization);
  } catch (error) {
    // Unauthenticated attempts still count against the address.
    await deps.limits.check(request.ip);
    throw error;
  }
  if (!principal.roles.some((role) => route.roles.includes(role))) {
    await deps.limits.check(request.ip, principal.sub);
    throw new ProblemError(403, ErrorCode.Forbidden, `this route needs one of the roles: ${route.roles.join(', ')}`);
  }
  return principal;
}

/** Mounts every route of the table: authenticate, check roles and limits, validate, call, answer. */
export function mountRoutes(fastify: FastifyInstance, routes: readonly HttpRoute[], deps: RouteDeps): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  for (const route of routes) {
    fastify.route({
      method: route.method,
      url: route.path,
      config: { [TABLE_ROUTE]: true },
      // Who is calling, with which role and how often, before the body is read: a stranger cannot
      // make the gateway take in a file (up to 8 MiB) only to be told 401.
      onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const principal = await authenticate(route, request, deps);
          void reply.headers((await deps.limits.check(request.ip, principal.sub)).headers);
          principals.set(request, principal);
        } catch (error) {
          return sendProblem(reply, error, deps.logger);
        }
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const principal = principals.get(request);
          if (!principal) throw new Error('route reached without authentication');
          const work = (): Promise<unknown> => {
            if (route.input === 'csv') {
              if (!header(request, 'content-type')?.startsWith('text/csv')) throw unsupportedMediaType('text/csv');
              return importActivities(request.body, principal, (contract, input, caller) =>
                deps.services.call(contract, input, caller),
              );
            }
            return deps.services.call(route.rpc, validate(route.rpc.input, inputOf(route, request)), principal);
          };
          const { body, replayed } = await deps.idempotency.run(request, principal, route.status, work);
          if (replayed) void reply.header('idempotent-replay', 'true');
          if (route.answer === 'file') {
            const file = body as { contentType: string; filename: string; body: string };
            return reply
              .code(route.status)
              .header('content-type', file.contentType)
              .header('content-disposition', `attachment; filename="${file.filename}"`)
              .header('content-security-policy', EXPORT_POLICY)
              .send(file.body);
          }
          return reply.code(route.status).send(body);
        } catch (error) {
          return sendProblem(reply, error, deps.logger);
        }
      },
    });
  }
}
