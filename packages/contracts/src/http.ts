import type { Role } from './principal.js';
import type { RpcContract } from './rpc.js';

/**
 * One public HTTP route, declared beside the contract it calls. The gateway mounts every route
 * of `HTTP_ROUTES` with one generic adapter (authenticate, check roles, validate, call) and
 * documents them in OpenAPI from this declaration, so it holds no route logic of its own.
 */
export interface HttpRoute<C extends RpcContract = RpcContract> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify's form: `/v1/rehab/clients/:id/admissions`; a literal colon is `::`. */
  path: string;
  rpc: C;
  roles: readonly Role[];
  /** The success status: 200 unless given (201 for creations, 202 for queued work). */
  status: number;
  /** Path parameter → input field. Path parameters win over the body and the query. */
  params: Readonly<Record<string, string>>;
  /** Request header (lower case) → input field, e.g. `x-purpose` → `purpose`. */
  headers: Readonly<Record<string, { field: string; description: string }>>;
  /**
   * Where the rest of the input comes from: the query string (GET), the JSON body, nothing, or
   * a CSV file that the gateway reads and stages before the route's call commits it.
   */
  input: 'query' | 'body' | 'none' | 'csv';
  /** `file`: the output is `{ contentType, filename, body }`, sent as an attachment. */
  answer: 'json' | 'file';
  /** Extra answer media types for the documentation (`file` answers). */
  produces?: readonly string[];
  summary?: string;
  /** A request body example where the schema alone cannot give a valid one. */
  example?: unknown;
}

type RouteOptions<C extends RpcContract> = Partial<Omit<HttpRoute<C>, 'method' | 'path' | 'rpc' | 'roles'>>;

function declare<C extends RpcContract>(
  method: HttpRoute['method'],
  path: string,
  rpc: C,
  roles: readonly Role[],
  options: RouteOptions<C> = {},
): HttpRoute<C> {
  return {
    method,
    path,
    rpc,
    roles,
    status: method === 'POST' ? 201 : 200,
    params: {},
    headers: {},
    input: method === 'GET' ? 'query' : 'body',
    answer: 'json',
    ...options,
  };
}

/** Route declarations, one line each: `http.post('/v1/rehab/facilities', RehabRpc.registerFacility, ['rehab_officer'])`. */
export const http = {
  get: <C extends RpcContract>(path: string, rpc: C, roles: readonly Role[], options?: RouteOptions<C>) =>
    declare('GET', path, rpc, roles, options),
  post: <C extends RpcContract>(path: string, rpc: C, roles: readonly Role[], options?: RouteOptions<C>) =>
    declare('POST', path, rpc, roles, options),
  put: <C extends RpcContract>(path: string, rpc: C, roles: readonly Role[], options?: RouteOptions<C>) =>
    declare('PUT', path, rpc, roles, options),
  delete: <C extends RpcContract>(path: string, rpc: C, roles: readonly Role[], options?: RouteOptions<C>) =>
    declare('DELETE', path, rpc, roles, options),
};

/** Every role: routes any signed-in user may call (the service still scopes by region). */
export const EVERY_ROLE: readonly Role[] = [
  'analyst',
  'admin',
  'rehab_officer',
  'enforcement_officer',
  'prevention_officer',
];
