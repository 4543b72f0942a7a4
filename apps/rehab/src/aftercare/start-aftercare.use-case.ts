import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Aftercare, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { loadVisible, Outbox, ruleViolated } from '@sinergi/runtime';
import { AdmissionRecord } from '../admissions/admission.entity.js';
import { AftercareRecord } from './aftercare.entity.js';
import { aftercareStartProblem } from './aftercare.rules.js';
import { toAftercare } from './aftercare.mapper.js';

@Injectable()
export class StartAftercareUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.startAftercare>, principal: Principal): Promise<Aftercare> {
    return this.em.transactional(async (tx) => {
      // The admission row serialises concurrent starts; the unique admission_id is the backstop.
      const admission = await loadVisible(tx, AdmissionRecord, input.admissionId, 'admission', principal);
      const existing = await tx.count(AftercareRecord, { admissionId: admission.id });
      const problem = aftercareStartProblem({
        admissionStatus: admission.status,
        outcome: admission.outcome ?? null,
        dischargedOn: admission.dischargedOn ?? null,
        startedOn: input.startedOn,
        hasAftercare: existing > 0,
      });
      if (problem || !admission.dischargedOn) {
        throw ruleViolated(problem?.rule ?? 'aftercare_after_discharge', problem?.message ?? 'not discharged');
      }

      const record = tx.create(AftercareRecord, {
        id: randomUUID(),
        admissionId: admission.id,
        clientId: admission.clientId,
        regionCode: admission.regionCode,
        startedOn: input.startedOn,
        dischargedOn: admission.dischargedOn,
        createdAt: new Date(),
      });
      this.outbox.record(tx, RehabEvents.aftercareStarted, {
        regionCode: record.regionCode,
        payload: {
          aftercareId: record.id,
          admissionId: record.admissionId,
          clientId: record.clientId,
          startedOn: record.startedOn,
          dischargedOn: record.dischargedOn,
        },
      });
      return toAftercare(record);
    });
  }
}
