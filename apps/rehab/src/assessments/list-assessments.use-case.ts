import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Assessment, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { scopedRegion, toPage } from '@sinergi/runtime';
import { AdmissionRecord } from '../admissions/admission.entity.js';
import { afterCursor, inRegion } from '../queries.js';
import { AssessmentRecord } from './assessment.entity.js';

export function toAssessment(record: AssessmentRecord, admissionId: string | null): Assessment {
  return {
    id: record.id,
    caseId: record.caseId,
    suspectId: record.suspectId,
    regionCode: record.regionCode,
    requestedOn: record.requestedOn,
    dueOn: record.dueOn,
    sex: record.sex,
    ageBand: record.ageBand,
    assessmentEligible: record.assessmentEligible,
    status: record.status,
    recommendation: record.recommendation ?? null,
    decidedOn: record.decidedOn ?? null,
    notes: record.notes ?? null,
    admissionId,
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class ListAssessmentsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listAssessments>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      AssessmentRecord,
      { $and: [inRegion(region), afterCursor(input.cursor), input.status ? { status: input.status } : {}] },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    const admissions = rows.length
      ? await this.em.find(
          AdmissionRecord,
          { assessmentId: { $in: rows.map((r) => r.id) } },
          { fields: ['id', 'assessmentId'] },
        )
      : [];
    const admissionOf = new Map(admissions.map((a) => [a.assessmentId, a.id]));
    return toPage<AssessmentRecord, Assessment>(rows, input.limit, (row) =>
      toAssessment(row, admissionOf.get(row.id) ?? null),
    );
  }
}
