import { Injectable } from '@nestjs/common';
import { type EventPayload, PreventionEvents } from '@sinergi/contracts';
import { fact, intervention, type Projector, preventionUnit, row, unitRecord } from './projected.js';

type P<E> = EventPayload<E>;

/** Prevention's events as facts, vulnerable-area state and village interventions. */
@Injectable()
export class PreventionProjection {
  projectors(): Record<string, Projector> {
    const E = PreventionEvents;
    return {
      [E.activityRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.activityRecorded>;
        const unit = preventionUnit(p.regionCode);
        const base = {
          regionCode: p.regionCode,
          occurredOn: p.on,
          dims: { kind: p.kind, segment: p.segment, channel: p.channel },
        };
        return {
          facts: [
            fact({ ...base, id: `activity:${p.activityId}`, indicator: 'prevention.activities' }),
            // People in the room count only for an activity held in person, reach only for a digital one.
            ...(p.channel === 'in_person'
              ? [
                  fact({
                    ...base,
                    id: `activity-participants:${p.activityId}`,
                    indicator: 'prevention.participants',
                    value: p.participants,
                  }),
                ]
              : []),
            ...(p.channel === 'digital' && p.reach !== null
              ? [
                  fact({
                    ...base,
                    id: `activity-reach:${p.activityId}`,
                    indicator: 'prevention.digital_reach',
                    value: p.reach,
                  }),
                ]
              : []),
          ],
          rows: [
            ...intervention(event, {
              id: `activity:${p.activityId}`,
              regionCode: p.regionCode,
              service: 'prevention',
              on: p.on,
            }),
            // The area's prevention unit owes its activities every month, like a facility.
            row(
              'reporting_unit',
              ['unitId'],
              { unitId: unit.unitId, kind: 'prevention_unit', name: `Pencegahan ${unit.area}`, registeredOn: p.on },
              { located: unit.area, onConflict: 'keep' },
            ),
            unitRecord(`activity:${p.activityId}`, unit.unitId, p.on, event.occurredAt),
          ],
        };
      },
      [E.vulnerableAreaMapped.subject]: (event) => {
        const p = event.payload as P<typeof E.vulnerableAreaMapped>;
        return {
          facts: [],
          rows: [
            row(
              'vulnerable_area',
              ['areaId'],
              { areaId: p.areaId, name: p.name, mappedOn: p.assessedOn },
              { located: p.regionCode },
            ),
            row(
              'vulnerable_area_level',
              ['id'],
              { id: `mapped:${p.areaId}`, areaId: p.areaId, assessedOn: p.assessedOn, level: p.riskLevel },
              { onConflict: 'keep' },
            ),
          ],
        };
      },
      [E.vulnerableAreaAssessed.subject]: (event) => {
        const p = event.payload as P<typeof E.vulnerableAreaAssessed>;
        return {
          facts: [],
          rows: [
            row(
              'vulnerable_area_level',
              ['id'],
              { id: p.assessmentId, areaId: p.areaId, assessedOn: p.assessedOn, level: p.riskLevel },
              { onConflict: 'keep' },
            ),
          ],
        };
      },
      // A village designated again replaces its fact: its date and status move its count.
      [E.bersinarVillageDesignated.subject]: (event) => {
        const p = event.payload as P<typeof E.bersinarVillageDesignated>;
        return {
          facts: [
            fact({
              id: `bersinar:${p.regionCode}`,
              indicator: 'prevention.bersinar_villages',
              regionCode: p.regionCode,
              occurredOn: p.designatedOn,
              dims: { status: p.status },
            }),
          ],
          rows: [],
        };
      },
      [E.trainingHeld.subject]: (event) => {
        const p = event.payload as P<typeof E.trainingHeld>;
        return {
          facts: [
            fact({
              id: `training:${p.trainingId}`,
              indicator: 'prevention.activists_trained',
              regionCode: p.regionCode,
              occurredOn: p.on,
              value: p.trained,
              dims: { sector: p.sector },
            }),
          ],
          rows: [],
        };
      },
    };
  }
}
