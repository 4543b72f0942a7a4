import { randomUUID } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Admission, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox, ReferralLink } from '@sinergi/runtime';
import { AssessmentRecord } from '../assessments/assessment.entity.js';
import { ClientRecord } from '../clients/client.entity.js';
import { FacilityRecord } from '../facilities/facility.entity.js';
import { AdmissionRecord } from './admission.entity.js';
import { admissionProblem, tatReferralProblem } from './admission.rules.js';
import { toAdmission } from './admission.mapper.js';

@Injectable()
export class AdmitClientUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly referrals: ReferralLink,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.admitClient>, principal: Principal): Promise<Admission> {
    return this.em.transactional(async (tx) => {
      // Lock the client row: two admissions racing for one client cannot both see "no open admission".
      const client = await loadVisible(tx, ClientRecord, input.clientId, 'client', principal);
      const facility = await loadVisible(tx, FacilityRecord, input.facilityId, 'facility', principal, { lock: 'none' });

      const open = await tx.count(AdmissionRecord, { clientId: client.id, status: 'open' });
      const problem = admissionProblem({
        source: input.source,
        assessmentId: input.assessmentId,
        hasOpenAdmission: open > 0,
      });
      assertNoRuleBreak(problem);
      if (input.source === 'tat' && input.assessmentId)
        await this.assertReferral(tx, input.assessmentId, input.admittedOn);

      const record = tx.create(AdmissionRecord, {
        id: randomUUID(),
        clientId: client.id,
        facilityId: facility.id,
        regionCode: facility.regionCode,
        program: input.program,
        source: input.source,
        primarySubstance: input.primarySubstance,
        admittedOn: input.admittedOn,
        assessmentId: input.assessmentId ?? null,
        status: 'open',
        createdAt: new Date(),
      });
      this.outbox.record(tx, RehabEvents.clientAdmitted, {
        regionCode: facility.regionCode,
        payload: {
          admissionId: record.id,
          clientId: client.id,
          facilityId: facility.id,
          facilityKind: facility.kind,
          program: record.program,
          source: record.source,
          primarySubstance: record.primarySubstance,
          admittedOn: record.admittedOn,
          ageBand: client.ageBand,
          sex: client.sex,
          // Not the assessment id (enforcement holds it): a reference only reporting can match.
          referralRef: record.assessmentId ? this.referrals.of(record.assessmentId) : null,
        },
      });
      return toAdmission(record);
    });
  }

  /** The named assessment must have recommended rehabilitation and not admitted anyone yet. */
  private async assertReferral(tx: EntityManager, assessmentId: string, admittedOn: string): Promise<void> {
    // Locked: two admissions naming one assessment queue here; the unique index is the backstop.
    const assessment = await tx.findOne(
      AssessmentRecord,
      { id: assessmentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const used = assessment ? await tx.findOne(AdmissionRecord, { assessmentId }, { fields: ['id'] }) : null;
    const problem = tatReferralProblem(
      assessment
        ? {
            status: assessment.status,
            recommendation: assessment.recommendation ?? null,
            requestedOn: assessment.requestedOn,
            usedByAdmissionId: used?.id ?? null,
          }
        : undefined,
      admittedOn,
    );
    assertNoRuleBreak(problem);
  }
}
