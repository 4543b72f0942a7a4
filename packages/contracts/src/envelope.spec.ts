import { randomUUID } from 'node:crypto';
import { eventSubject } from './envelope.js';
import { RehabEvents } from './rehab.js';

describe('event envelope', () => {
  const envelope = {
    eventId: randomUUID(),
    type: RehabEvents.clientRegistered.subject,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode: '31.72',
    correlationId: 'req-1',
    payload: { clientId: randomUUID(), regionCode: '31.72', ageBand: '20-24', sex: 'female' },
  };

  it('names subjects <service>.<aggregate>.<verb>.v<N>', () => {
    expect(eventSubject('rehab', 'client', 'admitted', 1)).toBe('rehab.client.admitted.v1');
    expect(RehabEvents.clientAdmitted.subject).toBe('rehab.client.admitted.v2');
    expect(RehabEvents.clientAdmittedV1.subject).toBe('rehab.client.admitted.v1');
  });

  it('accepts a well-formed event', () => {
    expect(RehabEvents.clientRegistered.envelope.parse(envelope)).toEqual(envelope);
  });

  it('drops anything personal a producer might slip into the payload', () => {
    const parsed = RehabEvents.clientRegistered.envelope.parse({
      ...envelope,
      payload: { ...envelope.payload, fullName: 'Siti', nik: '3172010101900001' },
    }) as { payload: Record<string, unknown> };
    expect(parsed.payload).not.toHaveProperty('fullName');
    expect(parsed.payload).not.toHaveProperty('nik');
  });

  it('rejects a missing eventId or a malformed region', () => {
    expect(() => RehabEvents.clientRegistered.envelope.parse({ ...envelope, eventId: 'x' })).toThrow();
    expect(() => RehabEvents.clientRegistered.envelope.parse({ ...envelope, regionCode: '31.7' })).toThrow();
  });
});
