import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream } from '@nats-io/jetstream';
import {
  type AnyEvent,
  EnforcementEvents,
  type EventContract,
  PreventionEvents,
  RehabEvents,
  type ServiceName,
} from '@sinergi/contracts';

/**
 * A deterministic mix of domain events, built with the contracts, for specs that feed reporting
 * directly: admissions with discharges, aftercare and follow-ups; certificates; cases with
 * suspects (whose period is their case's) and seizures; operations; activities; and Bersinar
 * villages designated again later (a fact replaced, so its count must move).
 */
export interface GeneratedEvent {
  producer: ServiceName;
  event: AnyEvent;
}

const VILLAGES = ['31.72.01.1001', '31.72.01.1002', '31.72.04.1007', '31.73.05.1003', '15.71.01.1001', '16.73.05.1006'];
const SUBSTANCES = ['methamphetamine', 'cannabis', 'mdma'] as const;

export function eventMix(count: number, seed = 7): GeneratedEvent[] {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  let n = 0;
  const id = () => {
    n += 1;
    return `00000000-0000-4000-8000-${(seed * 1_000_000 + n).toString(16).padStart(12, '0')}`;
  };
  const day = () =>
    `2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const out: GeneratedEvent[] = [];
  const emit = <S extends EventContract['payload']>(contract: EventContract<S>, regionCode: string, payload: unknown) =>
    out.push({
      producer: contract.service,
      event: contract.envelope.parse({
        eventId: id(),
        type: contract.subject,
        version: contract.version,
        occurredAt: '2024-12-31T00:00:00.000Z',
        producer: contract.service,
        regionCode,
        correlationId: 'event-mix',
        payload,
      }) as AnyEvent,
    });
  const bersinar = new Map<string, string>();
  while (out.length < count) {
    const village = pick(VILLAGES);
    const regency = village.slice(0, 5);
    switch (Math.floor(rand() * 6)) {
      case 0: {
        const admissionId = id();
        const clientId = id();
        const admittedOn = day();
        emit(RehabEvents.clientAdmitted, village, {
          admissionId,
          clientId,
          facilityId: id(),
          facilityKind: pick(['clinic', 'puskesmas', 'ibm_unit'] as const),
          program: pick(['outpatient', 'inpatient'] as const),
          source: pick(['voluntary', 'family', 'court'] as const),
          primarySubstance: pick(SUBSTANCES),
          admittedOn,
          ageBand: pick(['20-24', '25-29', '30-34'] as const),
          sex: pick(['male', 'female'] as const),
          referralRef: null,
        });
        if (rand() < 0.6) {
          const dischargedOn = '2024-12-20';
          emit(RehabEvents.clientDischarged, village, {
            admissionId,
            clientId,
            program: 'outpatient',
            outcome: pick(['completed', 'dropped_out', 'referred'] as const),
            admittedOn,
            dischargedOn,
          });
          const aftercareId = id();
          emit(RehabEvents.aftercareStarted, village, {
            aftercareId,
            admissionId,
            clientId,
            startedOn: '2024-12-21',
            dischargedOn,
          });
          emit(RehabEvents.followUpRecorded, village, {
            aftercareId,
            clientId,
            date: '2024-12-28',
            status: 'abstinent',
            employed: null,
          });
        }
        break;
      }
      case 1:
        emit(RehabEvents.certificateIssued, regency, {
          certificateId: id(),
          facilityId: id(),
          issuedOn: day(),
          purpose: pick(['employment', 'education'] as const),
          result: pick(['negative', 'positive'] as const),
        });
        break;
      case 2: {
        const caseId = id();
        emit(EnforcementEvents.caseOpened, regency, { caseId, regionCode: regency, agency: 'POLRI', openedOn: day() });
        for (let s = 0; s < 2; s++) {
          const suspectId = id();
          emit(EnforcementEvents.suspectRecorded, regency, {
            suspectId,
            caseId,
            role: pick(['user', 'dealer', 'courier'] as const),
            sex: 'male',
            ageBand: '25-29',
            nationality: 'ID',
          });
          emit(EnforcementEvents.seizureRecorded, regency, {
            seizureId: id(),
            caseId,
            suspectId,
            substance: pick(SUBSTANCES),
            quantity: `${Math.floor(rand() * 500)}.${Math.floor(rand() * 1000)}`,
            unit: pick(['g', 'tablet'] as const),
            seizedOn: day(),
            withinOneDayUse: false,
            suspectAssessmentEligible: null,
          });
        }
        break;
      }
      case 3:
        emit(EnforcementEvents.operationRecorded, village, {
          operationId: id(),
          regionCode: village,
          kind: 'raid',
          venueType: 'nightlife',
          on: day(),
          peopleTested: 10 + Math.floor(rand() * 40),
          positives: Math.floor(rand() * 5),
        });
        break;
      case 4:
        emit(PreventionEvents.activityRecorded, village, {
          activityId: id(),
          regionCode: village,
          kind: 'socialization',
          segment: pick(['students', 'workers'] as const),
          channel: 'in_person',
          on: day(),
          participants: 20 + Math.floor(rand() * 100),
          reach: null,
          importId: null,
        });
        break;
      case 5: {
        // Designated, then designated again later with another status and date: the fact is replaced.
        const villageId = bersinar.get(village) ?? id();
        bersinar.set(village, villageId);
        emit(PreventionEvents.bersinarVillageDesignated, village, {
          villageId,
          regionCode: village,
          designatedOn: day(),
          status: pick(['designated', 'active', 'inactive'] as const),
        });
        break;
      }
    }
  }
  return out.slice(0, count);
}

/** Publishes each event as its producer (only it may), in order, acknowledged by JetStream. */
export async function publishAll(
  events: GeneratedEvent[],
  connections: Partial<Record<ServiceName, NatsConnection>>,
  window = 64,
): Promise<void> {
  for (let start = 0; start < events.length; start += window) {
    const slice = events.slice(start, start + window);
    // In order within a producer's stream: each producer's slice is published one by one.
    const byProducer = new Map<ServiceName, GeneratedEvent[]>();
    for (const e of slice) byProducer.set(e.producer, [...(byProducer.get(e.producer) ?? []), e]);
    await Promise.all(
      [...byProducer].map(async ([producer, list]) => {
        const nc = connections[producer];
        if (!nc) throw new Error(`no connection as ${producer}`);
        const js = jetstream(nc);
        for (const { event } of list) await js.publish(event.type, JSON.stringify(event), { msgID: event.eventId });
      }),
    );
  }
}
