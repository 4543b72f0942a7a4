import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type DischargedAdmission,
  type Principal,
  RehabEvents,
  type RehabRpc,
  type RpcInput,
} from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox } from '@sinergi/runtime';
import { AdmissionRecord } from './admission.entity.js';
import { toAdmission } from './admission.mapper.js';
import { dischargeProblem } from './admission.rules.js';

@Injectable()
export class DischargeClientUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.dischargeClient>, principal: Principal): Promise<DischargedAdmission> {
    return this.em.transactional(async (tx) => {
      // Locked so two discharges of one admission cannot both see it open.
      const admission = await loadVisible(tx, AdmissionRecord, input.admissionId, 'admission', principal);
      const problem = dischargeProblem({
        status: admission.status,
        admittedOn: admission.admittedOn,
        dischargedOn: input.dischargedOn,
      });
      assertNoRuleBreak(problem);

      admission.status = 'discharged';
      admission.outcome = input.outcome;
      admission.dischargedOn = input.dischargedOn;
      this.outbox.record(tx, RehabEvents.clientDischarged, {
        regionCode: admission.regionCode,
        payload: {
          admissionId: admission.id,
          clientId: admission.clientId,
          program: admission.program,
          outcome: input.outcome,
          admittedOn: admission.admittedOn,
          dischargedOn: input.dischargedOn,
        },
      });
      return { ...toAdmission(admission), outcome: input.outcome, dischargedOn: input.dischargedOn };
    });
  }
}
