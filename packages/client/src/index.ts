/**
 * @sinergi/client: the Sinergi API as typed calls. The types are generated at build from the
 * OpenAPI document the gateway serves (scripts/openapi.mjs); what an integrator would otherwise
 * write by hand is here once: the bearer token, an Idempotency-Key on every write, retries that
 * honour Retry-After, cursor pages as an async iterator, and problem+json answers as errors.
 */
import createClient, {
  type Client,
  defaultBodySerializer,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { pageIterator } from './pages.js';
import { ProblemError } from './problem.js';
import { type RetryOptions, retryPolicy } from './retry.js';
import { type TokenSource, tokenProvider } from './tokens.js';
import { transport } from './transport.js';

export type { components, operations, paths } from './generated/openapi.js';
export type { PagedPath, PageItem, PageOptions } from './pages.js';
export { type FieldError, type Problem, ProblemError } from './problem.js';
export { type RetryEvent, type RetryOptions, retryAfterMs } from './retry.js';
export { type ClientCredentials, TokenError, type TokenSource } from './tokens.js';

export interface SinergiClientOptions {
  /** Where the gateway is, e.g. `https://api.sinergi.example`. */
  baseUrl: string;
  /** The bearer token: a fixed one, a function (may be async), or OAuth2 client credentials. */
  token?: TokenSource;
  retry?: RetryOptions;
  /** Each attempt is abandoned after this many ms (default 30 000). */
  timeoutMs?: number;
  /** Headers sent with every request (an `X-Request-Id` of the caller's own, say). */
  headers?: Record<string, string>;
  /** Makes the Idempotency-Key of a write whose caller gave none (default: a random UUID). */
  idempotencyKey?: () => string;
  /** The fetch to send with (default: the global one). */
  fetch?: typeof fetch;
}

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The API's paths that answer `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

type RequiredKeysOf<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** A call's options, required when the operation has a required parameter or body. */
type InitArgs<I> = RequiredKeysOf<I> extends never ? [(I & Record<string, unknown>)?] : [I & Record<string, unknown>];

/** The success body of an operation. */
type Data<Op, I> =
  Op extends Record<string | number, unknown>
    ? NonNullable<FetchResponse<Op, I, `${string}/${string}`>['data']>
    : never;

/** A call that returns the success body and throws a ProblemError for any other answer. */
export type Call<M extends Method> = <P extends PathsWith<M>, I extends MaybeOptionalInit<paths[P], M>>(
  url: P,
  ...init: InitArgs<I>
) => Promise<Data<paths[P][M], I>>;

export interface SinergiClient {
  /** The generated openapi-fetch client itself: answers as `{ data, error, response }`, never thrown. */
  readonly api: Client<paths>;
  readonly get: Call<'get'>;
  readonly post: Call<'post'>;
  readonly put: Call<'put'>;
  readonly patch: Call<'patch'>;
  readonly delete: Call<'delete'>;
  /** Every item of a cursor-paged list, fetching the next page as the loop reaches it. */
  pages: ReturnType<typeof pageIterator>;
}

type UntypedRequest = (
  method: string,
  url: string,
  init?: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * A body as JSON, except a string sent under a content type of the caller's that is not JSON,
 * which goes as it is: `{ body: csv, headers: { 'content-type': 'text/csv' } }` for an import.
 * openapi-fetch hands its serializer the request's headers, as its own default serializer reads them.
 */
function serializeBody(body: unknown, headers?: Headers): unknown {
  const type = headers?.get('content-type');
  if (typeof body === 'string' && type && !/json/i.test(type)) return body;
  return (defaultBodySerializer as (body: unknown, headers?: Headers) => unknown)(body, headers);
}

export function createSinergiClient(options: SinergiClientOptions): SinergiClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    bodySerializer: serializeBody,
    fetch: transport({
      tokens: options.token === undefined ? undefined : tokenProvider(options.token, fetchImpl),
      retry: retryPolicy(options.retry),
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch: fetchImpl,
      newKey: options.idempotencyKey ?? (() => crypto.randomUUID()),
    }),
  });
  const request = api.request as unknown as UntypedRequest;
  const call = <M extends Method>(method: M): Call<M> =>
    (async (url: string, init?: object) => {
      const { data, error, response } = await request(method, url, init);
      if (!response.ok) throw ProblemError.from(response.status, error, response.headers);
      return data;
    }) as unknown as Call<M>;
  const get = call('get');
  return {
    api,
    get,
    post: call('post'),
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
    pages: pageIterator((url, init) => (get as unknown as (url: string, init: object) => Promise<unknown>)(url, init)),
  };
}
