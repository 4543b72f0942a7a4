import { z } from 'zod';
import { AGENCIES } from './principal.js';
import { regionCodeSchema } from './regions.js';

export const SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The envelope every domain event travels in. The payload never holds personal data. */
export const envelopeFields = {
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.enum(SERVICES),
  regionCode: regionCodeSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  /** The acting agency, from the signed principal of the request that caused the event (absent for work no person started). */
  agency: z.enum(AGENCIES).optional(),
  /** W3C trace context of the work that produced the event, where tracing is on. */
  traceparent: z.string().min(1).max(256).optional(),
};

export const anyEventSchema = z.object({ ...envelopeFields, payload: z.record(z.string(), z.unknown()) });
export type AnyEvent = z.infer<typeof anyEventSchema>;

export interface EventEnvelope<P> extends Omit<AnyEvent, 'payload'> {
  payload: P;
}

/**
 * One event contract. Its subject is `<service>.<aggregate>.<past-tense-verb>.v<N>`; the
 * subject is also its `type` on the wire.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  readonly service: ServiceName;
  readonly aggregate: string;
  readonly verb: string;
  readonly version: number;
  readonly subject: string;
  readonly payload: S;
  readonly envelope: z.ZodType<EventEnvelope<z.infer<S>>>;
  readonly description: string;
}

export function eventSubject(service: ServiceName, aggregate: string, verb: string, version: number): string {
  return `${service}.${aggregate}.${verb}.v${version}`;
}

export function defineEvent<S extends z.ZodType>(definition: {
  service: ServiceName;
  aggregate: string;
  verb: string;
  version: number;
  payload: S;
  description: string;
}): EventContract<S> {
  const subject = eventSubject(definition.service, definition.aggregate, definition.verb, definition.version);
  // zod parses every envelope at run time; the cast is only for the compiler, which cannot tell
  // whether a generic payload's output may be undefined and so types `payload` as optional.
  const envelope = z.object({ ...envelopeFields, payload: definition.payload }) as unknown as z.ZodType<
    EventEnvelope<z.infer<S>>
  >;
  return { ...definition, subject, envelope };
}

export type EventPayload<E> = E extends EventContract<infer S> ? z.infer<S> : never;
