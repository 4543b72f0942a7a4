import { fieldErrors } from '@sinergi/contracts';
import type { z } from 'zod';
import { ProblemError } from './problem.js';

/** Parses a request part against a contract schema; a failure is a 400 naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ProblemError.validation(fieldErrors(result.error));
  return result.data;
}
