import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Agency } from '@sinergi/contracts';

/** What travels with one unit of work (a request, a message, a job): its correlation id. */
export interface WorkContext {
  correlationId: string;
  causationId?: string;
  /**
   * The agency that acts: the signed principal's for a request (never what a body says), the
   * causing event's for work an event starts. Every event recorded in the work carries it.
   */
  agency?: Agency;
  /** The OpenTelemetry context of the work (its current span), where tracing is on. */
  trace?: import('@opentelemetry/api').Context;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runInContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

export function correlationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

/** Enters a context for the rest of the current asynchronous flow (an HTTP request's hooks and handler). */
export function enterContext(context: WorkContext): void {
  storage.enterWith(context);
}
