import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Assessment, type Principal, type RehabRpc, type RpcInput, todayInJakarta } from '@sinergi/contracts';
import { assessmentOverdueCondition, findRegionPage, toPage } from '@sinergi/runtime';
import { AdmissionRecord } from '../admissions/admission.entity.js';
import { AssessmentRecord } from './assessment.entity.js';
import { toAssessment } from './assessment.mapper.js';

@Injectable()
export class ListAssessmentsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listAssessments>, principal: Principal) {
    const today = todayInJakarta();
    const overdue = assessmentOverdueCondition(input.overdue, today);
    const rows = await findRegionPage(this.em, AssessmentRecord, principal, input, { status: input.status }, overdue);
    const admissions = rows.length
      ? await this.em.find(
          AdmissionRecord,
          { assessmentId: { $in: rows.map((r) => r.id) } },
          { fields: ['id', 'assessmentId'] },
        )
      : [];
    const admissionOf = new Map(admissions.map((a) => [a.assessmentId, a.id]));
    return toPage<AssessmentRecord, Assessment>(rows, input.limit, (row) =>
      toAssessment(row, admissionOf.get(row.id) ?? null, today),
    );
  }
}
