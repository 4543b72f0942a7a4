import { RehabEvents } from '@sinergi/contracts';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { enforcementConsumers, enforcementService } from './enforcement.service.js';

describe('enforcement service definition', () => {
  const handlers = { eventHandlers: () => ({ [RehabEvents.assessmentCompleted.subject]: async () => {} }) };
  const get = (<T>(type: unknown) => {
    if (type !== AssessmentsHandlers) throw new Error('unexpected provider');
    return handlers as T;
  }) as <T>(type: new (...args: never[]) => T) => T;

  it('reads rehab through one consumer filtered to exactly rehab.assessment.completed.v1', () => {
    const consumers = enforcementConsumers(get);
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatchObject({
      consumer: 'enforcement',
      producer: 'rehab',
      filterSubject: 'rehab.assessment.completed.v1',
    });
    expect([...(consumers[0]?.types ?? [])]).toEqual(['rehab.assessment.completed.v1']);
  });

  it('produces its own stream and wires the consumers', () => {
    const definition = enforcementService();
    expect(definition.produces).toBe(true);
    expect(definition.consumers).toBe(enforcementConsumers);
  });
});
