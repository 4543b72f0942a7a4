import { EnforcementEvents } from './enforcement.js';
import type { ServiceName } from './envelope.js';
import { RehabEvents } from './rehab.js';

/**
 * Who reads whose events: every durable consumer in the system, with its exact subject filter.
 * The services build their consumers from this table and the broker's permissions are rendered
 * from it (packages/runtime/src/broker), so a consumer cannot read more than it declares here.
 * docs/security.md explains each line.
 */
export interface Subscription {
  consumer: ServiceName;
  producer: ServiceName;
  /** A subject inside the producer's stream, or `<producer>.>` for all of it. */
  filterSubject: string;
  /** May delete and re-create its durable to replay the stream (`npm run reporting:rebuild`). */
  replays?: boolean;
}

export const ASSESSMENT_REQUEST_SUBJECT = EnforcementEvents.assessmentRequested.subject;
export const ASSESSMENT_RESULT_SUBJECT = RehabEvents.assessmentCompleted.subject;
export const ASSESSMENT_OVERDUE_SUBJECT = RehabEvents.assessmentOverdue.subject;
/**
 * Enforcement's filter on REHAB: the assessment aggregate, i.e. the outcome and the overdue
 * notice of the assessments it asked for. nats-server 2.9 takes one filter per consumer, hence
 * the wildcard; so no rehab event on the assessment aggregate may carry anything clinical or
 * name a client (apps/enforcement/src/enforcement.service.spec.ts lists the ones that match).
 */
export const ASSESSMENT_EVENTS_FILTER = 'rehab.assessment.>';

export const SUBSCRIPTIONS: readonly Subscription[] = [
  // Reporting projects every domain event into figures: it alone reads whole streams.
  { consumer: 'reporting', producer: 'rehab', filterSubject: 'rehab.>', replays: true },
  { consumer: 'reporting', producer: 'enforcement', filterSubject: 'enforcement.>', replays: true },
  { consumer: 'reporting', producer: 'prevention', filterSubject: 'prevention.>', replays: true },
  // Rehab's one window on enforcement: the integrated-assessment request, nothing of cases or evidence.
  { consumer: 'rehab', producer: 'enforcement', filterSubject: ASSESSMENT_REQUEST_SUBJECT },
  // Enforcement's one window on rehab: the assessment's outcome and its overdue notice, nothing clinical, no client.
  { consumer: 'enforcement', producer: 'rehab', filterSubject: ASSESSMENT_EVENTS_FILTER },
];

/** The services that publish events of their own (each has a stream `<SERVICE>`). */
export const PRODUCERS: readonly ServiceName[] = ['rehab', 'enforcement', 'prevention', 'reporting'];

export function subscriptionOf(consumer: ServiceName, producer: ServiceName): Subscription {
  const found = SUBSCRIPTIONS.find((s) => s.consumer === consumer && s.producer === producer);
  if (!found) throw new Error(`${consumer} has no subscription to ${producer}'s events`);
  return found;
}
