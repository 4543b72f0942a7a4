import { ErrorCode } from '@sinergi/contracts';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem.js';

/** No request of this API nests deeper than a few levels; 32 leaves room and stops a stack bomb. */
export const MAX_JSON_DEPTH = 32;

/** How deep a JSON text nests, counted without parsing it (brackets outside strings). */
export function jsonDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * JSON bodies through Fastify's own parser (which refuses `__proto__` and `constructor`
 * poisoning), after a depth check: a deeply nested body would otherwise overflow the stack of
 * whatever walks it next (validation, the idempotency fingerprint) and answer 500.
 */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(
        ProblemError.validation([{ path: '(body)', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }]),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}

export const unsupportedMediaType = (expected: string) =>
  new ProblemError(415, ErrorCode.ValidationFailed, `send the body as ${expected}`, [
    { path: '(body)', message: `must be ${expected}` },
  ]);
