import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What every answer of the API says to a browser: JSON is not a page, nothing is framed, no
 * referrer leaves. Pages (Swagger UI, the report viewer, the queue dashboard) and exports set
 * their own `Content-Security-Policy`, which is kept.
 */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', API_POLICY);
  // Answers carry identities, case files and figures for one caller: no cache keeps them,
  // unless a route says otherwise (Swagger UI's assets).
  if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  void reply.headers({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'strict-transport-security': 'max-age=31536000',
  });
  return payload;
}

/** An HTML export opened in a browser runs no script and reaches nothing: it is only a document. */
export const EXPORT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * The policy of a page the gateway serves: scripts and styles only from this origin (a page's
 * script is a file of apps/gateway/static, never inline: a page with an inline script is refused
 * here, at start-up), requests back to this origin and to the origins named in `connect`.
 */
export function pagePolicy(html: string, options: { connect?: readonly string[] } = {}): string {
  if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(html)) throw new Error('a page may not carry an inline script');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const CORS_ALLOW_HEADERS = 'authorization, content-type, idempotency-key, x-request-id, x-purpose';
const CORS_EXPOSE_HEADERS = 'ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, x-request-id';

/**
 * Cross-origin calls from browsers only for the origins a deployment names (CORS_ORIGINS): an
 * agency's own web application, say. Every other origin gets no `Access-Control-Allow-Origin`,
 * so a browser keeps another site's script from reading an answer. Preflights answer 204.
 */
export function registerCors(fastify: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  const originOf = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && allowed.has(origin) ? origin : undefined;
  };
  fastify.addHook('onSend', async (request, reply, payload) => {
    const origin = originOf(request);
    if (origin) {
      void reply.headers({
        'access-control-allow-origin': origin,
        'access-control-expose-headers': CORS_EXPOSE_HEADERS,
        vary: 'Origin',
      });
    }
    return payload;
  });
  fastify.route({
    method: 'OPTIONS',
    url: '/*',
    handler: async (request, reply) => {
      const origin = originOf(request);
      if (origin) {
        void reply.headers({
          'access-control-allow-methods': 'GET, POST, PUT, DELETE',
          'access-control-allow-headers': CORS_ALLOW_HEADERS,
          'access-control-max-age': '600',
        });
      }
      return reply.code(204).send();
    },
  });
}
