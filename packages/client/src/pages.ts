import type { paths } from './generated/openapi.js';

/** What every list of the API answers (pageSchema in packages/contracts/src/common.ts). */
interface Page {
  items: readonly unknown[];
  nextCursor: string | null;
}

type GetPath = {
  [P in keyof paths]: paths[P] extends { get: object } ? P : never;
}[keyof paths];

type ListBody<P extends GetPath> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The API's paths that answer a cursor page: `{ items, nextCursor }`. */
export type PagedPath = {
  [P in GetPath]: ListBody<P> extends Page ? P : never;
}[GetPath];

export type PageItem<P extends PagedPath> = ListBody<P> extends { items: readonly (infer T)[] } ? T : never;

type ParamsOf<P extends PagedPath> = paths[P]['get'] extends { parameters: infer R } ? R : never;

export interface PageOptions<P extends PagedPath> {
  /** The list's filters and `limit`; the iterator sets `cursor` itself. */
  query?: Omit<NonNullable<ParamsOf<P> extends { query?: infer Q } ? Q : never>, 'cursor'>;
  path?: ParamsOf<P> extends { path?: infer A } ? A : never;
  signal?: AbortSignal;
}

/**
 * `for await (const facility of client.pages('/v1/rehab/facilities', { query }))`: page after
 * page until `nextCursor` is null, each fetched only when the loop gets to it.
 */
export function pageIterator(get: (url: string, init: object) => Promise<unknown>) {
  return async function* pages<P extends PagedPath>(
    path: P,
    options: PageOptions<P> = {},
  ): AsyncGenerator<PageItem<P>, void, undefined> {
    let cursor: string | null = null;
    do {
      const query = { ...options.query, ...(cursor === null ? {} : { cursor }) };
      const page = (await get(path, {
        params: { query, ...(options.path ? { path: options.path } : {}) },
        ...(options.signal ? { signal: options.signal } : {}),
      })) as Page;
      yield* page.items as readonly PageItem<P>[];
      // A server that hands back the cursor it was given would have this loop forever.
      if (page.nextCursor !== null && page.nextCursor === cursor) {
        throw new Error(`${path} answered the same nextCursor it was asked for; stopping`);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
  };
}
