import { Injectable } from '@nestjs/common';
import {
  ASSESSMENT_OVERDUE_SUBJECT,
  ASSESSMENT_RESULT_SUBJECT,
  EnforcementRpc,
  type RpcInput,
} from '@sinergi/contracts';
import { type EventHandler, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { GetAssessmentRequestUseCase } from './get-assessment-request.use-case.js';
import { ListAssessmentRequestsUseCase } from './list-assessment-requests.use-case.js';
import { RecordAssessmentOverdueUseCase } from './record-assessment-overdue.use-case.js';
import { RecordAssessmentResultUseCase } from './record-assessment-result.use-case.js';
import { RequestAssessmentUseCase } from './request-assessment.use-case.js';

@Injectable()
export class AssessmentsHandlers {
  constructor(
    private readonly requestAssessment: RequestAssessmentUseCase,
    private readonly getAssessmentRequest: GetAssessmentRequestUseCase,
    private readonly listAssessmentRequests: ListAssessmentRequestsUseCase,
    private readonly recordAssessmentResult: RecordAssessmentResultUseCase,
    private readonly recordAssessmentOverdue: RecordAssessmentOverdueUseCase,
  ) {}

  @RpcRoute(EnforcementRpc.requestAssessment)
  request(input: RpcInput<typeof EnforcementRpc.requestAssessment>, call: RpcCall) {
    return this.requestAssessment.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.getAssessmentRequest)
  get(input: RpcInput<typeof EnforcementRpc.getAssessmentRequest>, call: RpcCall) {
    return this.getAssessmentRequest.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.listAssessmentRequests)
  list(input: RpcInput<typeof EnforcementRpc.listAssessmentRequests>, call: RpcCall) {
    return this.listAssessmentRequests.execute(input, call.principal);
  }

  /** JetStream handlers of the rehab consumer, keyed by event type. */
  eventHandlers(): Record<string, EventHandler> {
    return {
      [ASSESSMENT_RESULT_SUBJECT]: (tx, event) => this.recordAssessmentResult.apply(tx, event),
      [ASSESSMENT_OVERDUE_SUBJECT]: (tx, event) => this.recordAssessmentOverdue.apply(tx, event),
    };
  }
}
