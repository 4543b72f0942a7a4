import { z } from 'zod';

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

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The error half of a request/reply answer. `details` carries safe extras such as an existing id. */
export const rpcErrorSchema = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RpcError = z.infer<typeof rpcErrorSchema>;

/** RFC 9457 problem details as the gateway answers them; extension members (e.g. `rule`) may follow. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Turns zod issues into the `{ path, message }` list every 400 carries. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}
