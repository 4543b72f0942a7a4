import { Injectable } from '@nestjs/common';
import { type EventPayload, PreventionEvents } from '@sinergi/contracts';
import type { EventHandler } from '@sinergi/runtime';
import { upsertFact } from './fact.writer.js';
import { recordIntervention, upsertRow } from './upsert.js';

type P<E> = EventPayload<E>;

/** Prevention's events as facts, vulnerable-area state and village interventions. */
@Injectable()
export class PreventionProjection {
  handlers(): Record<string, EventHandler> {
    const E = PreventionEvents;
    return {
      [E.activityRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.activityRecorded>;
        const base = {
          regionCode: p.regionCode,
          occurredOn: p.on,
          eventId: event.eventId,
          dims: { kind: p.kind, segment: p.segment, channel: p.channel },
        };
        await upsertFact(em, { ...base, id: `activity:${p.activityId}`, indicator: 'prevention.activities' });
        await upsertFact(em, {
          ...base,
          id: `activity-participants:${p.activityId}`,
          indicator: 'prevention.participants',
          value: p.participants,
        });
        if (p.reach !== null) {
          await upsertFact(em, {
            ...base,
            id: `activity-reach:${p.activityId}`,
            indicator: 'prevention.digital_reach',
            value: p.reach,
          });
        }
        await recordIntervention(em, {
          id: `activity:${p.activityId}`,
          regionCode: p.regionCode,
          agency: 'prevention',
          on: p.on,
        });
      },
      [E.vulnerableAreaMapped.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.vulnerableAreaMapped>;
        await upsertRow(
          em,
          'vulnerable_area',
          ['areaId'],
          { areaId: p.areaId, name: p.name, mappedOn: p.assessedOn },
          { located: p.regionCode },
        );
        await upsertRow(
          em,
          'vulnerable_area_level',
          ['id'],
          { id: `mapped:${p.areaId}`, areaId: p.areaId, assessedOn: p.assessedOn, level: p.riskLevel },
          { onConflict: 'keep' },
        );
      },
      [E.vulnerableAreaAssessed.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.vulnerableAreaAssessed>;
        await upsertRow(
          em,
          'vulnerable_area_level',
          ['id'],
          { id: p.assessmentId, areaId: p.areaId, assessedOn: p.assessedOn, level: p.riskLevel },
          { onConflict: 'keep' },
        );
      },
      [E.bersinarVillageDesignated.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.bersinarVillageDesignated>;
        await upsertFact(em, {
          id: `bersinar:${p.regionCode}`,
          indicator: 'prevention.bersinar_villages',
          regionCode: p.regionCode,
          occurredOn: p.designatedOn,
          eventId: event.eventId,
          dims: { status: p.status },
        });
      },
      [E.trainingHeld.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.trainingHeld>;
        await upsertFact(em, {
          id: `training:${p.trainingId}`,
          indicator: 'prevention.activists_trained',
          regionCode: p.regionCode,
          occurredOn: p.on,
          value: p.trained,
          eventId: event.eventId,
          dims: { sector: p.sector },
        });
      },
    };
  }
}
