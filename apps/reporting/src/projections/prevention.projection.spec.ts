import { PreventionEvents } from '@sinergi/contracts';
import { PreventionProjection } from './prevention.projection.js';

/** One recorded activity as prevention publishes it. */
function activity(regionCode: string, on: string, occurredAt: string) {
  return {
    eventId: `e-${regionCode}-${on}`,
    type: PreventionEvents.activityRecorded.subject,
    version: 1,
    occurredAt,
    producer: 'prevention' as const,
    regionCode,
    correlationId: 'spec',
    payload: {
      activityId: `a-${regionCode}-${on}`,
      regionCode,
      kind: 'socialization',
      segment: 'students',
      channel: 'in_person',
      on,
      participants: 20,
      reach: null,
      importId: null,
    },
  };
}

describe('prevention projection: the area’s prevention unit', () => {
  const project = new PreventionProjection().projectors()[PreventionEvents.activityRecorded.subject];
  const rowsOf = (event: ReturnType<typeof activity>) => {
    const projected = project?.(event as never);
    if (!projected || 'then' in projected) throw new Error('the projector is synchronous');
    return projected.rows;
  };

  it('makes every activity of a regency a record of one unit, owed each month', () => {
    const a = rowsOf(activity('31.72.01.1001', '2024-03-05', '2024-03-06T02:00:00.000Z'));
    const b = rowsOf(activity('31.72.04.1007', '2024-04-10', '2024-05-20T02:00:00.000Z'));
    const other = rowsOf(activity('31.73.01.1001', '2024-03-05', '2024-03-06T02:00:00.000Z'));
    const unitOf = (rows: typeof a) => rows.find((r) => r.table === 'reporting_unit');
    const recordOf = (rows: typeof a) => rows.find((r) => r.table === 'unit_record');
    expect(unitOf(a)?.values).toMatchObject({
      kind: 'prevention_unit',
      name: 'Pencegahan 31.72',
      regionCode: '31.72',
      provinceCode: '31',
      regencyCode: '31.72',
    });
    expect(unitOf(a)?.onConflict).toBe('keep');
    expect(unitOf(b)?.values.unitId).toBe(unitOf(a)?.values.unitId);
    expect(unitOf(other)?.values.unitId).not.toBe(unitOf(a)?.values.unitId);
    expect(String(unitOf(a)?.values.unitId)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(recordOf(b)?.values).toEqual({
      recordId: 'activity:a-31.72.04.1007-2024-04-10',
      unitId: unitOf(a)?.values.unitId,
      month: '2024-04-01',
      recordedAt: '2024-05-20T02:00:00.000Z',
    });
  });

  it('counts what a province records itself as the province’s own unit', () => {
    const rows = rowsOf(activity('31', '2024-03-05', '2024-03-06T02:00:00.000Z'));
    expect(rows.find((r) => r.table === 'reporting_unit')?.values).toMatchObject({
      name: 'Pencegahan 31',
      regionCode: '31',
    });
  });
});

describe('prevention projection: participants and reach by channel', () => {
  const project = new PreventionProjection().projectors()[PreventionEvents.activityRecorded.subject];
  const factsOf = (channel: 'in_person' | 'digital') => {
    const event = activity('31.72.01.1001', '2024-03-05', '2024-03-06T02:00:00.000Z');
    const projected = project?.({
      ...event,
      payload: { ...event.payload, channel, participants: 20, reach: 900 },
    } as never);
    if (!projected || 'then' in projected) throw new Error('the projector is synchronous');
    return Object.fromEntries(projected.facts.map((f) => [f.indicator, f.value]));
  };

  it('counts people in the room for an in-person activity and reach for a digital one, never the other way', () => {
    expect(factsOf('in_person')).toEqual({ 'prevention.activities': '1', 'prevention.participants': '20' });
    expect(factsOf('digital')).toEqual({ 'prevention.activities': '1', 'prevention.digital_reach': '900' });
  });
});
