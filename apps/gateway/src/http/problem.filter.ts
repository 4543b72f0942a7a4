import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import { LOGGER, type Logger } from '@sinergi/runtime';
import type { FastifyReply } from 'fastify';
import { ProblemError } from './problem.js';

/** Every error leaves the gateway as problem+json; unexpected ones say nothing of their insides. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    void sendProblem(host.switchToHttp().getResponse<FastifyReply>(), exception, this.logger);
  }
}

/** Answers an error as problem+json; an unexpected one says nothing of its insides. */
export function sendProblem(reply: FastifyReply, exception: unknown, logger: Logger) {
  const problem = toProblemError(exception);
  // The runtime's error serializer keeps an error's type and stack, never what it quoted.
  if (problem.status >= 500 && problem.code === ErrorCode.Internal)
    logger.error({ err: exception }, 'unexpected error');
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .header('content-type', 'application/problem+json')
    .send(problem.toProblem());
}

function toProblemError(exception: unknown): ProblemError {
  if (exception instanceof ProblemError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      status === 404
        ? ErrorCode.NotFound
        : status === 413 || status === 415 || status < 500
          ? ErrorCode.ValidationFailed
          : ErrorCode.Internal;
    return new ProblemError(status, code, exception.message);
  }
  const statusCode = (exception as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own errors: malformed JSON, body too large, unsupported content type.
    return new ProblemError(statusCode, ErrorCode.ValidationFailed, (exception as Error).message, [
      { path: '(body)', message: (exception as Error).message },
    ]);
  }
  return new ProblemError(500, ErrorCode.Internal, 'internal error');
}
