import { UniqueConstraintViolationException } from '@mikro-orm/core';
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
  return { error: { code: ErrorCode.Internal, message: 'internal error' }, unexpected: true };
}
