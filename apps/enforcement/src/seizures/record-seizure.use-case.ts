import { randomUUID } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  EnforcementEvents,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
  type Seizure,
} from '@sinergi/contracts';
import { notFound, Outbox } from '@sinergi/runtime';
import { findOpenCase } from '../cases/find-case.js';
import { SuspectRecord } from '../suspects/suspect.entity.js';
import { normalizeDecimal } from './decimal.js';
import { SeizureRecord } from './seizure.entity.js';
import { assessmentEligible, withinOneDayUse } from './seizure.rules.js';
import { toSeizure } from './seizure.mapper.js';

@Injectable()
export class RecordSeizureUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.recordSeizure>, principal: Principal): Promise<Seizure> {
    return this.em.transactional(async (tx) => {
      const narcoticsCase = await findOpenCase(tx, input.caseId, principal);
      // Locked: two seizures recorded at once must both count in the suspect's eligibility.
      const suspect = input.suspectId
        ? await tx.findOne(
            SuspectRecord,
            { id: input.suspectId, caseId: narcoticsCase.id },
            { lockMode: LockMode.PESSIMISTIC_WRITE },
          )
        : null;
      if (input.suspectId && !suspect) throw notFound('suspect', input.suspectId);

      const earlier = suspect
        ? await tx.find(SeizureRecord, { suspectId: suspect.id }, { fields: ['substance', 'unit', 'quantity'] })
        : [];
      const quantity = normalizeDecimal(input.quantity);
      const record = tx.create(SeizureRecord, {
        id: randomUUID(),
        caseId: narcoticsCase.id,
        suspectId: suspect?.id ?? null,
        regionCode: narcoticsCase.regionCode,
        substance: input.substance,
        quantity,
        unit: input.unit,
        seizedOn: input.seizedOn,
        withinOneDayUse: withinOneDayUse({ substance: input.substance, unit: input.unit, quantity }),
        createdAt: new Date(),
      });
      if (suspect) suspect.assessmentEligible = assessmentEligible([...earlier, record]);
      this.outbox.record(tx, EnforcementEvents.seizureRecorded, {
        regionCode: record.regionCode,
        payload: {
          seizureId: record.id,
          caseId: record.caseId,
          suspectId: record.suspectId ?? null,
          substance: record.substance,
          quantity,
          unit: record.unit,
          seizedOn: record.seizedOn,
          withinOneDayUse: record.withinOneDayUse,
          suspectAssessmentEligible: suspect ? suspect.assessmentEligible : null,
        },
      });
      return toSeizure(record);
    });
  }
}
