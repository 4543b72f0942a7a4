import { SetMetadata } from '@nestjs/common';
import type { RpcContract } from '@sinergi/contracts';
import type { z } from 'zod';

export const DOC_METADATA = 'sinergi:doc';

export interface DocOptions {
  summary?: string;
  /** Overrides for routes that are not one contract call. */
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** A non-JSON answer, e.g. `text/csv`. */
  produces?: string[];
  /** A non-JSON request body, e.g. `text/csv`. */
  consumes?: string;
  /** A request body example, where the schema alone cannot give a valid one. */
  example?: unknown;
  /** Request headers the route reads. */
  headers?: Array<{ name: string; description: string; required?: boolean }>;
  /** Input fields a header fills, so the query or body does not also list them. */
  hiddenFields?: string[];
}

export interface DocMetadata extends DocOptions {
  contract?: RpcContract;
}

/**
 * What a route takes and answers, for the OpenAPI document: usually the contract it forwards
 * to; its input becomes the query (GET) or the body (other methods), its output the answer.
 */
export const Doc = (contract: RpcContract | null, options: DocOptions = {}) =>
  SetMetadata(DOC_METADATA, { ...options, ...(contract ? { contract } : {}) } satisfies DocMetadata);
