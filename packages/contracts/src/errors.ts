import { z } from 'zod';
import { text } from './common.js';

/** Stable error codes: services raise them, the gateway maps them to HTTP. Never rename one. */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unprocessable: 'unprocessable',
  NotFound: 'not_found',
  Conflict: 'conflict',
  RuleViolated: 'rule_violated',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  RateLimited: 'rate_limited',
  UpstreamUnavailable: 'upstream_unavailable',
  UpstreamTimeout: 'upstream_timeout',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  unprocessable: 422,
  not_found: 404,
  conflict: 409,
  rule_violated: 409,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  internal: 500,
};

/**
 * The most field errors one answer lists. Zod reports every bad item of an array, so a hostile
 * body of 500 bad items would otherwise be answered with thousands of errors; the first ones
 * name the mistake.
 */
export const MAX_FIELD_ERRORS = 1000;

/** A field's path (`rows.12.activity.regionCode`, `line 12: on`) and what is wrong with it. */
export const fieldErrorSchema = z.object({ path: text(1000), message: text(2000) });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The error half of a request/reply answer. `details` carries safe extras such as an existing id. */
export const rpcErrorSchema = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: text(4000),
  errors: z.array(fieldErrorSchema).max(MAX_FIELD_ERRORS).optional(),
  details: z.record(text(100), z.unknown()).optional(),
});
export type RpcError = z.infer<typeof rpcErrorSchema>;

/** RFC 9457 problem details as the gateway answers them; extension members (e.g. `rule`) may follow. */
export const problemSchema = z.looseObject({
  type: text(500),
  title: text(200),
  status: z.number().int().min(100).max(599),
  detail: text(4000),
  code: text(64),
  errors: z.array(fieldErrorSchema).max(MAX_FIELD_ERRORS).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Turns zod issues into the `{ path, message }` list every 400 carries, at most MAX_FIELD_ERRORS of them. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.slice(0, MAX_FIELD_ERRORS).map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}
