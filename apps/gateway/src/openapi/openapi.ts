import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { type HttpRoute, problemSchema } from '@sinergi/contracts';
import { z } from 'zod';
import { DOC_METADATA, type DocMetadata } from './doc.decorator.js';

type Json = Record<string, unknown>;

export interface DocumentedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, e.g. `/v1/rehab/clients/{id}`. */
  path: string;
  /** The Fastify path, e.g. `/v1/rehab/clients/:id`. */
  routePath: string;
  roles: string[] | null;
  isPublic: boolean;
  status: number;
  doc: DocMetadata | undefined;
  pathParams: string[];
  /** Path parameter → the input field it fills (`id` → `clientId`); absent: the same name. */
  paramFields: Record<string, string>;
  /** Where the route is served, when not on the API's port (/metrics). */
  servers?: Json[];
}

const METHODS: Partial<Record<RequestMethod, DocumentedRoute['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every route of the given controllers, read from Nest's own metadata. */
export function routesOf(controllers: Type[]): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const controller of controllers) {
    const prefix = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const method = requestMethod === undefined ? undefined : METHODS[requestMethod];
      if (!method) continue;
      const routePath = joinPath(prefix, (Reflect.getMetadata(PATH_METADATA, handler) as string) ?? '');
      // Fastify writes a literal colon as '::' (activities::import).
      const pathParams = [...routePath.replaceAll('::', '').matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
      const path = openApiPath(routePath);
      routes.push({
        method,
        path,
        routePath,
        roles: (Reflect.getMetadata('sinergi:roles', handler) as string[] | undefined) ?? null,
        isPublic: Reflect.getMetadata('sinergi:public', handler) === true,
        status:
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200),
        doc: Reflect.getMetadata(DOC_METADATA, handler) as DocMetadata | undefined,
        pathParams,
        paramFields: {},
      });
    }
  }
  return routes;
}

/** The OpenAPI form of a Fastify path: `:id` → `{id}`, a literal `::` → `:`. */
function openApiPath(routePath: string): string {
  return routePath
    .replaceAll('::', '\u0000')
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    .replaceAll('\u0000', ':');
}

/** The forwarded routes of the table, as the document describes them. */
export function tableRoutes(routes: readonly HttpRoute[]): DocumentedRoute[] {
  return routes.map((route) => ({
    method: route.method.toLowerCase() as DocumentedRoute['method'],
    path: openApiPath(route.path),
    routePath: route.path,
    roles: [...route.roles],
    isPublic: false,
    status: route.status,
    pathParams: Object.keys(route.params),
    paramFields: { ...route.params },
    doc: {
      contract: route.rpc,
      ...(route.summary ? { summary: route.summary } : {}),
      ...(route.example !== undefined ? { example: route.example } : {}),
      ...(route.produces ? { produces: [...route.produces] } : {}),
      ...(route.input === 'none' ? { query: z.object({}) } : {}),
      ...(route.input === 'csv'
        ? { consumes: 'text/csv', body: z.string().max(MAX_CSV_DOC_LENGTH), query: z.object({}) }
        : {}),
      headers: Object.entries(route.headers).map(([name, { description }]) => ({
        name: name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`),
        description,
      })),
      hiddenFields: Object.values(route.headers).map(({ field }) => field),
    },
  }));
}

/** The largest page or file the gateway answers (a report's HTML export with its charts). */
const MAX_FILE_LENGTH = 16 * 1024 * 1024;

/** The CSV import's documented size: the parser's own limit (apps/gateway/src/import). */
const MAX_CSV_DOC_LENGTH = 8 * 1024 * 1024;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

/** The object schema's properties, flattening `allOf` (zod intersections). */
function properties(schema: Json): { props: Record<string, Json>; required: string[] } {
  const props: Record<string, Json> = { ...((schema.properties as Record<string, Json>) ?? {}) };
  const required = [...((schema.required as string[]) ?? [])];
  for (const part of (schema.allOf as Json[] | undefined) ?? []) {
    const inner = properties(part);
    Object.assign(props, inner.props);
    required.push(...inner.required);
  }
  return { props, required };
}

function withoutProps(schema: Json, names: string[]): Json {
  const { props, required } = properties(schema);
  for (const name of names) delete props[name];
  return { type: 'object', properties: props, required: required.filter((r) => !names.includes(r)) };
}

/** Values tried, in order, for a string with a pattern: the first that matches is the example. */
const PATTERN_CANDIDATES = [
  '31.72',
  '31.72.01.1001',
  '0.8',
  '1',
  'ID',
  '3172015204980001',
  '2024-05-02',
  '2024-05',
  'monthly',
  '0 6 1 * *',
  '2025',
];

/**
 * A valid example built from a schema: required properties only (optional ones may exclude each
 * other), the first enum value, a string that matches its pattern, the minimum of a number.
 */
export function exampleOf(schema: Json, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (alternatives?.[0]) return exampleOf(alternatives.find((a) => a.type !== 'null') ?? alternatives[0], name);
  if (schema.allOf) return Object.assign({}, ...(schema.allOf as Json[]).map((s) => exampleOf(s, name)));
  // A value that may be a string or a number (an exact decimal quantity): show the string form.
  if (Array.isArray(schema.type)) return exampleOf({ ...schema, type: schema.type[0] }, name);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const props = (schema.properties as Record<string, Json>) ?? {};
      for (const [key, value] of Object.entries(props)) {
        if (required.has(key)) out[key] = exampleOf(value, key);
      }
      // A record with required keys (a zod record over an enum): each key takes the value schema.
      const values = schema.additionalProperties;
      if (typeof values === 'object' && values !== null) {
        for (const key of required) if (!(key in props)) out[key] = exampleOf(values as Json, key);
      }
      return out;
    }
    case 'array':
      return schema.items ? [exampleOf(schema.items as Json, name)] : [];
    case 'integer':
    case 'number': {
      const wanted = name === 'year' ? 2024 : 1;
      const min =
        typeof schema.minimum === 'number'
          ? schema.minimum
          : typeof schema.exclusiveMinimum === 'number'
            ? schema.exclusiveMinimum + 1
            : wanted;
      const max = typeof schema.maximum === 'number' ? schema.maximum : wanted;
      return Math.min(Math.max(wanted, min), Math.max(max, min));
    }
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
      if (schema.format === 'date') return '2024-05-02';
      if (schema.format === 'date-time') return '2024-05-02T09:30:00+07:00';
      if (typeof schema.pattern === 'string') {
        const pattern = new RegExp(schema.pattern);
        const match = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate));
        if (match) return match;
      }
      if (/regionCode|region$/i.test(name)) return '31.72';
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
      return (name ? `${name} example` : 'example').padEnd(min, 'x').slice(0, Math.max(min, max));
    }
    default:
      return null;
  }
}

/** The group a route is listed under in Swagger UI: its area (`rehab`, `reporting`...), or `docs`. */
function tagOf(path: string): string {
  const [, first, second] = path.split('/');
  if (first === 'v1' && second && !second.includes('.')) return second;
  return first === 'health' ? 'health' : first === 'reports' || first === 'dashboard' ? 'reports' : 'docs';
}

const ERROR_STATUSES: Record<number, string> = {
  400: 'Bad input: every bad field is named in `errors`',
  401: 'No token, or a token that is not valid',
  403: "The caller has none of the route's roles",
  404: "Not found, or outside the caller's region",
  409: 'A state change the rules forbid, or a duplicate',
  422: 'A value that is well-formed but unknown (e.g. a region code that does not exist)',
  429: 'Too many requests; see Retry-After',
  500: 'An error the gateway did not expect; it says nothing of its insides',
  503: 'The service is down; see Retry-After',
  504: 'The service did not answer in time',
};

/** The limit headers every answer carries (RateLimits in http/rate-limit.ts). */
const LIMIT_HEADERS = {
  'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
};
const RETRY_AFTER = { 'Retry-After': { $ref: '#/components/headers/Retry-After' } };
const integerHeader = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});

/**
 * Integers get the format their bounds allow (`int32` or `int64`), so a client generator picks
 * the right type; schemas are walked in place.
 */
function withIntegerFormats(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) withIntegerFormats(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  if (schema.type === 'integer' && schema.format === undefined) {
    const min = typeof schema.minimum === 'number' ? schema.minimum : Number.MIN_SAFE_INTEGER;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Number.MAX_SAFE_INTEGER;
    schema.format = min >= -2_147_483_648 && max <= 2_147_483_647 ? 'int32' : 'int64';
  }
  for (const value of Object.values(schema)) withIntegerFormats(value);
}

/** Builds the OpenAPI 3.1 document from the controllers' routes, roles and contracts. */
export function buildOpenApi(
  controllers: Type[],
  routes: readonly HttpRoute[],
  version: string,
  others: readonly DocumentedRoute[] = [],
): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const problem = jsonSchema(problemSchema, 'output');
  for (const route of [...tableRoutes(routes), ...routesOf(controllers), ...others]) {
    const doc = route.doc;
    const contract = doc?.contract;
    const inputSchema = contract ? jsonSchema(contract.input, 'input') : undefined;
    // Fields the path and headers fill are not also asked for in the query or the body.
    const filled = [...route.pathParams.map((name) => route.paramFields[name] ?? name), ...(doc?.hiddenFields ?? [])];
    const parameters: Json[] = route.pathParams.map((name) => {
      const schema = properties(inputSchema ?? {}).props[route.paramFields[name] ?? name] ?? {
        type: 'string',
        maxLength: 64,
      };
      return {
        name,
        in: 'path',
        required: true,
        schema,
        example: Array.isArray(schema.enum)
          ? schema.enum[0]
          : name === 'code'
            ? '31.72'
            : name === 'name'
              ? 'monthly'
              : '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      };
    });
    const querySource = doc?.query ? jsonSchema(doc.query, 'input') : route.method === 'get' ? inputSchema : undefined;
    if (querySource) {
      const { props, required } = properties(withoutProps(querySource, filled));
      for (const [name, schema] of Object.entries(props)) {
        parameters.push({
          name,
          in: 'query',
          required: required.includes(name),
          schema,
          example: exampleOf(schema, name),
        });
      }
    }
    for (const header of doc?.headers ?? []) {
      parameters.push({
        name: header.name,
        in: 'header',
        required: header.required ?? false,
        description: header.description,
        schema: { type: 'string', maxLength: 1000 },
      });
    }
    if (['post', 'put', 'patch', 'delete'].includes(route.method) && !route.isPublic) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'A repeat with the same key returns the first answer for 24 h; the same key with another body is 422.',
        schema: { type: 'string', maxLength: 128 },
      });
    }
    const rest = route.method !== 'get' && inputSchema ? withoutProps(inputSchema, filled) : undefined;
    // A write whose whole input is its path (retry a job) takes no body.
    const bodySource = doc?.body
      ? jsonSchema(doc.body, 'input')
      : rest && Object.keys(properties(rest).props).length > 0
        ? rest
        : undefined;
    const responseSource = doc?.response
      ? jsonSchema(doc.response, 'output')
      : contract
        ? jsonSchema(contract.output, 'output')
        : undefined;
    const responses: Record<string, Json> = {
      [String(route.status)]: {
        description: doc?.summary ?? contract?.description ?? 'OK',
        headers: LIMIT_HEADERS,
        content: doc?.produces
          ? Object.fromEntries(
              doc.produces.map((type) => [type, { schema: { type: 'string', maxLength: MAX_FILE_LENGTH } }]),
            )
          : responseSource
            ? { 'application/json': { schema: responseSource, example: exampleOf(responseSource) } }
            : {},
      },
    };
    for (const [status, description] of Object.entries(ERROR_STATUSES)) {
      if (route.isPublic && ['401', '403'].includes(status)) continue;
      const code = Number(status);
      responses[status] = {
        description,
        ...(code < 500 || code === 503 || code === 504
          ? { headers: code === 429 || code >= 500 ? { ...LIMIT_HEADERS, ...RETRY_AFTER } : LIMIT_HEADERS }
          : {}),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    paths[route.path] ??= route.servers ? { servers: route.servers as never } : {};
    (paths[route.path] as Record<string, Json>)[route.method] = {
      summary: doc?.summary ?? contract?.description ?? route.path,
      description: route.roles ? `Roles: ${route.roles.join(', ')}.` : 'Public: no token needed.',
      operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: [tagOf(route.path)],
      ...(route.isPublic ? { security: [] } : {}),
      ...(route.roles ? { 'x-roles': route.roles } : {}),
      parameters,
      ...(bodySource
        ? {
            requestBody: {
              required: true,
              content: doc?.consumes
                ? { [doc.consumes]: { schema: bodySource } }
                : { 'application/json': { schema: bodySource, example: doc?.example ?? exampleOf(bodySource) } },
            },
          }
        : {}),
      responses,
    };
  }
  withIntegerFormats(paths);
  withIntegerFormats(problem);
  const tags = [
    ...new Set(
      Object.values(paths).flatMap((ops) =>
        Object.values(ops).flatMap((op) => (op.tags as string[] | undefined) ?? []),
      ),
    ),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sinergi API',
      version,
      contact: { name: 'Sinergi operators', url: 'https://sinergi.example/support' },
      description:
        'The public API of Sinergi, the cross-agency system against narcotics. Every request but /health, /docs, ' +
        '/v1/openapi.json and /v1/asyncapi.json carries a bearer JWT with the claims sub, agency, roles and region; a ' +
        "record outside the caller's region answers 404 like a missing one. Errors are RFC 9457 problem+json.",
    },
    servers: [{ url: '/', 'x-internal': false }],
    tags: tags.sort().map((name) => ({ name })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT following RFC8725 (JWT best practices): one expected algorithm only (HS256 locally, RS256 from ' +
            'the OIDC issuer), issuer and audience checked, exp required and at most JWT_MAX_LIFETIME_S away.',
        },
      },
      schemas: { Problem: problem },
      headers: {
        'RateLimit-Limit': integerHeader(
          'Requests allowed in the window, for the tighter of the address and user limits',
        ),
        'RateLimit-Remaining': integerHeader('Requests left in the window'),
        'RateLimit-Reset': integerHeader('Seconds until the window ends'),
        'Retry-After': integerHeader('Seconds to wait before trying again'),
        'Access-Control-Allow-Origin': {
          description: 'Sent only to a browser origin the deployment allows (CORS_ORIGINS); absent: same origin only',
          schema: { type: 'string', maxLength: 2048 },
        },
      },
    },
    paths,
  };
}

/** /metrics, served on METRICS_PORT (gateway.app.ts), which no ingress or published port exposes. */
export const METRICS_ROUTE: DocumentedRoute = {
  method: 'get',
  path: '/metrics',
  routePath: '/metrics',
  roles: null,
  isPublic: true,
  status: 200,
  pathParams: [],
  paramFields: {},
  servers: [
    {
      url: 'https://{host}:{port}',
      'x-internal': true,
      description: 'Inside the cluster only: the metrics port, for Prometheus',
      variables: { host: { default: 'gateway' }, port: { default: '9464' } },
    },
  ],
  doc: { summary: 'Prometheus metrics (request durations, NATS requests, refusals)', produces: ['text/plain'] },
};

const adminRoute = (
  method: DocumentedRoute['method'],
  path: string,
  summary: string,
  extra: Partial<DocumentedRoute> & { doc?: DocMetadata } = {},
): DocumentedRoute => ({
  method,
  path: openApiPath(path),
  routePath: path,
  roles: ['admin'],
  isPublic: false,
  status: 200,
  pathParams: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string),
  paramFields: {},
  ...extra,
  doc: { summary, ...extra.doc },
});

/**
 * The queue dashboard's pages and session (apps/gateway/src/admin/queue-dashboard.ts): a national
 * admin signs in with a token once and then holds an opaque session cookie, never the token.
 */
export const ADMIN_ROUTES: DocumentedRoute[] = [
  adminRoute('get', '/admin/login', 'Sign-in page of the report queue dashboard', {
    roles: null,
    isPublic: true,
    doc: { summary: 'Sign-in page of the report queue dashboard', produces: ['text/html'] },
  }),
  adminRoute('get', '/admin/assets/:file', 'Script and stylesheet of the sign-in page and the dashboard', {
    roles: null,
    isPublic: true,
    doc: {
      summary: 'Script and stylesheet of the sign-in page and the dashboard',
      produces: ['text/css', 'text/javascript'],
    },
  }),
  adminRoute('post', '/admin/session', 'Sign in: an admin bearer token in, an opaque HttpOnly session cookie out', {
    status: 204,
  }),
  adminRoute('delete', '/admin/session', 'Sign out: the session ends at once', { status: 204 }),
  adminRoute('get', '/admin/queues', 'The report queue dashboard (national admins, session cookie)', {
    doc: { summary: 'The report queue dashboard (national admins, session cookie)', produces: ['text/html'] },
  }),
  adminRoute('post', '/admin/queues/jobs/:id/retry', 'Retry a failed report job from the dashboard'),
  adminRoute('delete', '/admin/queues/jobs/:id', 'Remove a failed report job from the dashboard'),
];
