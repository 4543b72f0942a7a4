import {
  ConnectionException,
  DeadlockException,
  LockWaitTimeoutException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { ErrorCode, type FieldError, fieldErrors, type RpcError } from '@sinergi/contracts';
import { ZodError } from 'zod';

/** A failure the domain names: services throw these, never HTTP exceptions. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError(ErrorCode.NotFound, `${what} ${id} was not found`);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.Conflict, message, undefined, details);

/** A state change the rules forbid; the message says which rule. */
export const ruleViolated = (rule: string, message: string) =>
  new DomainError(ErrorCode.RuleViolated, message, undefined, { rule });

export const invalid = (path: string, message: string) =>
  new DomainError(ErrorCode.ValidationFailed, `${path}: ${message}`, [{ path, message }]);

export const unprocessable = (path: string, message: string) =>
  new DomainError(ErrorCode.Unprocessable, `${path}: ${message}`, [{ path, message }]);

/** Socket-level codes of a database that cannot be reached. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
/** pg's own messages for a connection that failed, timed out or was cut (they carry no code). */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|connect ECONNREFUSED/i;

/**
 * Whether an error means the service's database is unreachable (not that a query was wrong):
 * MikroORM's ConnectionException, a socket error code, a PostgreSQL class 08 (connection
 * exception) or 57P0x (server shutting down / not accepting connections) SQLSTATE, or pg's
 * connection messages, anywhere along the `cause` chain.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ConnectionException) return true;
    const code = String((e as { code?: unknown }).code ?? '');
    if (CONNECTION_CODES.has(code) || /^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    if (e instanceof Error && CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** SQLSTATEs of a query that may succeed when tried again: serialization, deadlock, lock and statement timeouts, too many connections. */
const RETRYABLE_CODES = new Set(['40001', '40P01', '55P03', '57014', '53300']);

/**
 * Whether an error is the infrastructure's, not the work's: the database unreachable, or a query
 * refused for now (a deadlock, a timeout, no free connection). Trying the same work again later
 * may succeed, so it is never a reason to give up on it (a consumer dead-letters only the rest).
 */
export function isTransient(error: unknown): boolean {
  if (isDatabaseUnreachable(error)) return true;
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DeadlockException || e instanceof LockWaitTimeoutException) return true;
    if (RETRYABLE_CODES.has(String((e as { code?: unknown }).code ?? ''))) return true;
  }
  return false;
}

/** Maps anything thrown inside a handler to the error half of a reply. Unknown errors say nothing inside. */
export function toRpcError(error: unknown): { error: RpcError; unexpected: boolean } {
  if (error instanceof DomainError) {
    return {
      error: { code: error.code, message: error.message, errors: error.errors, details: error.details },
      unexpected: false,
    };
  }
  if (error instanceof ZodError) {
    const errors = fieldErrors(error);
    return {
      error: {
        code: ErrorCode.ValidationFailed,
        message: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        errors,
      },
      unexpected: false,
    };
  }
  if (error instanceof UniqueConstraintViolationException) {
    // A race past a use case's own duplicate check: the database's unique key has the last word.
    return { error: { code: ErrorCode.Conflict, message: 'this record already exists' }, unexpected: false };
  }
  if (isDatabaseUnreachable(error)) {
    // Not the caller's fault and nothing was written: the gateway answers 503 with Retry-After.
    return {
      error: { code: ErrorCode.UpstreamUnavailable, message: 'the service cannot reach its database; try again' },
      unexpected: false,
    };
  }
  return { error: { code: ErrorCode.Internal, message: 'internal error' }, unexpected: true };
}
