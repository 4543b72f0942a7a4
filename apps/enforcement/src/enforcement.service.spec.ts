import { ALL_EVENTS, ASSESSMENT_EVENTS_FILTER, RehabEvents } from '@sinergi/contracts';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { enforcementConsumers, enforcementService } from './enforcement.service.js';

/** Does a NATS subject filter (`*` one token, `>` the rest) take this subject? */
function matches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

describe('enforcement service definition', () => {
  const handlers = {
    eventHandlers: () => ({
      [RehabEvents.assessmentCompleted.subject]: async () => {},
      [RehabEvents.assessmentOverdue.subject]: async () => {},
    }),
  };
  const get = (<T>(type: unknown) => {
    if (type !== AssessmentsHandlers) throw new Error('unexpected provider');
    return handlers as T;
  }) as <T>(type: new (...args: never[]) => T) => T;

  it("reads rehab through one consumer filtered to the assessment's outcome and overdue notice", () => {
    const consumers = enforcementConsumers(get);
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatchObject({
      consumer: 'enforcement',
      producer: 'rehab',
      filterSubject: 'rehab.assessment.>',
    });
    expect([...(consumers[0]?.types ?? [])].sort()).toEqual([
      'rehab.assessment.completed.v1',
      'rehab.assessment.overdue.v1',
    ]);
  });

  // The filter is a wildcard (one filter per consumer on nats-server 2.9): every rehab event it
  // takes reaches enforcement's process, so a new one on the assessment aggregate must be added
  // here on purpose, after checking it carries nothing clinical and names no client.
  it('lets through exactly the two assessment events of rehab, each with dates and the outcome only', () => {
    const through = ALL_EVENTS.filter((e) => matches(ASSESSMENT_EVENTS_FILTER, e.subject));
    expect(through.map((e) => e.subject).sort()).toEqual([
      'rehab.assessment.completed.v1',
      'rehab.assessment.overdue.v1',
    ]);
    expect(Object.keys(RehabEvents.assessmentCompleted.payload.shape).sort()).toEqual([
      'assessmentId',
      'decidedOn',
      'recommendation',
    ]);
    expect(Object.keys(RehabEvents.assessmentOverdue.payload.shape).sort()).toEqual([
      'assessmentId',
      'dueOn',
      'requestedOn',
    ]);
  });

  it('produces its own stream and wires the consumers', () => {
    const definition = enforcementService();
    expect(definition.produces).toBe(true);
    expect(definition.consumers).toBe(enforcementConsumers);
  });
});
