import { Injectable } from '@nestjs/common';
import { type EventPayload, RehabEvents } from '@sinergi/contracts';
import type { EventHandler } from '@sinergi/runtime';
import { upsertFact } from './fact.writer.js';

/** Rehab's events as facts: each admission counts once under `rehab.admissions`. */
@Injectable()
export class RehabProjection {
  handlers(): Record<string, EventHandler> {
    return {
      [RehabEvents.clientAdmitted.subject]: async (em, event) => {
        const p = event.payload as EventPayload<typeof RehabEvents.clientAdmitted>;
        await upsertFact(em, {
          id: `admission:${p.admissionId}`,
          indicator: 'rehab.admissions',
          regionCode: event.regionCode,
          occurredOn: p.admittedOn,
          eventId: event.eventId,
          dims: {
            program: p.program,
            source: p.source,
            substance: p.primarySubstance,
            sex: p.sex,
            ageBand: p.ageBand,
            facilityKind: p.facilityKind,
          },
        });
      },
    };
  }
}
