import { Injectable } from '@nestjs/common';
import { type EventPayload, RehabEvents } from '@sinergi/contracts';
import { type EventHandler, ReferralLink } from '@sinergi/runtime';
import { upsertFact } from './fact.writer.js';
import { recordIntervention, upsertRow } from './upsert.js';

type P<E> = EventPayload<E>;

/** Rehab's events as facts, treatment episodes, and IBM presence in villages. */
@Injectable()
export class RehabProjection {
  constructor(private readonly referrals: ReferralLink) {}

  handlers(): Record<string, EventHandler> {
    const E = RehabEvents;
    const admitted =
      (referralRef: string | null): EventHandler =>
      async (em, event) => {
        const p = event.payload as P<typeof E.clientAdmitted>;
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
        await upsertRow(
          em,
          'rehab_episode',
          ['admissionId'],
          {
            admissionId: p.admissionId,
            clientId: p.clientId,
            admittedOn: p.admittedOn,
            facilityKind: p.facilityKind,
            referralRef,
          },
          { located: event.regionCode },
        );
        if (p.facilityKind === 'ibm_unit') {
          await recordIntervention(em, {
            id: `ibm-admission:${p.admissionId}`,
            regionCode: event.regionCode,
            agency: 'rehab',
            on: p.admittedOn,
          });
        }
      };
    return {
      [E.facilityRegistered.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.facilityRegistered>;
        // An IBM unit (community-based intervention) is rehab's standing presence in its village.
        if (p.kind === 'ibm_unit') {
          await recordIntervention(em, {
            id: `ibm:${p.facilityId}`,
            regionCode: p.regionCode,
            agency: 'rehab',
            on: event.occurredAt.slice(0, 10),
            standing: true,
          });
        }
      },
      [E.clientAdmitted.subject]: async (em, event) =>
        admitted((event.payload as P<typeof E.clientAdmitted>).referralRef)(em, event),
      // Streams written before v2 name the assessment itself: the same reference is made from it.
      [E.clientAdmittedV1.subject]: async (em, event) => {
        const id = (event.payload as P<typeof E.clientAdmittedV1>).assessmentId;
        return admitted(id ? this.referrals.of(id) : null)(em, event);
      },
      [E.clientDischarged.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.clientDischarged>;
        // Completed and dropped-out discharges are indicators; every outcome closes the episode.
        if (p.outcome === 'completed' || p.outcome === 'dropped_out') {
          await upsertFact(em, {
            id: `discharge:${p.admissionId}`,
            indicator: p.outcome === 'completed' ? 'rehab.completed' : 'rehab.dropped_out',
            regionCode: event.regionCode,
            occurredOn: p.dischargedOn,
            eventId: event.eventId,
            dims: { program: p.program },
          });
        }
        await upsertRow(
          em,
          'rehab_episode',
          ['admissionId'],
          {
            admissionId: p.admissionId,
            clientId: p.clientId,
            admittedOn: p.admittedOn,
            facilityKind: null,
            outcome: p.outcome,
            dischargedOn: p.dischargedOn,
          },
          { located: event.regionCode },
        );
      },
      [E.aftercareStarted.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.aftercareStarted>;
        await upsertFact(em, {
          id: `aftercare:${p.aftercareId}`,
          indicator: 'rehab.aftercare_clients',
          regionCode: event.regionCode,
          occurredOn: p.startedOn,
          eventId: event.eventId,
        });
        await upsertRow(
          em,
          'aftercare',
          ['aftercareId'],
          { aftercareId: p.aftercareId, clientId: p.clientId, startedOn: p.startedOn },
          { located: event.regionCode },
        );
      },
      [E.followUpRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.followUpRecorded>;
        await upsertRow(
          em,
          'follow_up',
          ['id'],
          { id: event.eventId, clientId: p.clientId, aftercareId: p.aftercareId, date: p.date },
          { onConflict: 'keep' },
        );
      },
      [E.certificateIssued.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.certificateIssued>;
        await upsertFact(em, {
          id: `certificate:${p.certificateId}`,
          indicator: 'rehab.skhpn_issued',
          regionCode: event.regionCode,
          occurredOn: p.issuedOn,
          eventId: event.eventId,
          dims: { result: p.result, purpose: p.purpose },
        });
      },
      [E.assessmentCompleted.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.assessmentCompleted>;
        await upsertRow(
          em,
          'assessment',
          ['assessmentId'],
          {
            assessmentId: p.assessmentId,
            referralRef: this.referrals.of(p.assessmentId),
            decidedOn: p.decidedOn,
            recommendation: p.recommendation,
          },
          { located: event.regionCode },
        );
      },
    };
  }
}
