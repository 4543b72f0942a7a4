import type { components } from './generated/openapi.js';

/** RFC 9457 problem details as the gateway answers them (the document's `Problem` schema). */
export type Problem = components['schemas']['Problem'];

/** One bad field of a 400: `identity.nik`, `rows.12.regionCode`, `Idempotency-Key`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * An answer that is not a success, as an error: the problem's members typed, and the extension
 * members the gateway adds (`rule` on a 409 a domain rule refused) kept in `problem`.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** The gateway's stable error code (`validation_failed`, `rule_violated`…). */
  readonly code: string;
  readonly errors: FieldError[];
  /** The domain rule that refused the request (`one_open_admission`), when one did. */
  readonly rule: string | undefined;
  /** Seconds the server asked to wait, when it said (429, 503). */
  readonly retryAfter: string | undefined;
  /** The whole problem as answered, extension members included. */
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>, headers?: Headers) {
    const detail = text(problem.detail) ?? text(problem.title) ?? `HTTP ${status}`;
    super(`${status} ${detail}`);
    this.status = status;
    this.type = text(problem.type) ?? 'about:blank';
    this.title = text(problem.title) ?? `HTTP ${status}`;
    this.detail = detail;
    this.code = text(problem.code) ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
    this.rule = text(problem.rule);
    this.retryAfter = headers?.get('retry-after') ?? undefined;
    this.problem = problem;
  }

  /**
   * The error for an answer's status and body: a problem+json body as it is; anything else (a
   * proxy's HTML page, an empty body) as a problem whose detail is the start of the text.
   */
  static from(status: number, body: unknown, headers?: Headers): ProblemError {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return new ProblemError(status, body as Record<string, unknown>, headers);
    }
    const detail = typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : undefined;
    return new ProblemError(status, { status, ...(detail ? { detail } : {}) }, headers);
  }

  /** The message the answer gave for one field, if it named it. */
  messageFor(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isFieldError(value: unknown): value is FieldError {
  const candidate = value as Partial<FieldError> | null;
  return typeof candidate?.path === 'string' && typeof candidate.message === 'string';
}
