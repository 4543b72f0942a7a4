import type { LoggerService } from '@nestjs/common';
import { type Logger, pino } from 'pino';
import { currentContext } from './context.js';

/**
 * An error as a log line may show it: its type, code and stack, and its message unless it came
 * from the database driver, whose messages quote the statement and the values it failed on (a
 * client's name, an event's payload). Nothing a request or an event carried reaches a log.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; sqlState?: unknown };
  const fromDatabase = e.sqlState !== undefined || /Exception$/.test(e.name);
  return {
    type: e.name,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.sqlState === 'string' ? { sqlState: e.sqlState } : {}),
    message: fromDatabase ? 'a database statement failed' : e.message.slice(0, 300),
    stack: e.stack?.split('\n').slice(1, 8).join('\n'),
  };
}

/** JSON logs; every line carries the correlation id of the work it belongs to. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    serializers: { err: loggableError },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const context = currentContext();
      return context ? { correlationId: context.correlationId } : {};
    },
  });
}

/** Nest's logger interface over pino, so framework lines are JSON too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export type { Logger };
