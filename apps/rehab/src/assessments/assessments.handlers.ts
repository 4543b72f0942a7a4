import { Injectable } from '@nestjs/common';
import { ASSESSMENT_REQUEST_SUBJECT, RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type EventHandler, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ListAssessmentsUseCase } from './list-assessments.use-case.js';
import { ReceiveAssessmentRequestUseCase } from './receive-assessment-request.use-case.js';
import { RecordAssessmentResultUseCase } from './record-assessment-result.use-case.js';

@Injectable()
export class AssessmentsHandlers {
  constructor(
    private readonly receiveRequest: ReceiveAssessmentRequestUseCase,
    private readonly listAssessments: ListAssessmentsUseCase,
    private readonly recordResult: RecordAssessmentResultUseCase,
  ) {}

  @RpcRoute(RehabRpc.listAssessments)
  list(input: RpcInput<typeof RehabRpc.listAssessments>, call: RpcCall) {
    return this.listAssessments.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.recordAssessmentResult)
  result(input: RpcInput<typeof RehabRpc.recordAssessmentResult>, call: RpcCall) {
    return this.recordResult.execute(input, call.principal);
  }

  /** JetStream handlers of the enforcement consumer, keyed by event type. */
  eventHandlers(): Record<string, EventHandler> {
    return { [ASSESSMENT_REQUEST_SUBJECT]: (tx, event) => this.receiveRequest.apply(tx, event) };
  }
}
