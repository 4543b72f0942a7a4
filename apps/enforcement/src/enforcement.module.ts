import { Module } from '@nestjs/common';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { GetAssessmentRequestUseCase } from './assessments/get-assessment-request.use-case.js';
import { ListAssessmentRequestsUseCase } from './assessments/list-assessment-requests.use-case.js';
import { RecordAssessmentResultUseCase } from './assessments/record-assessment-result.use-case.js';
import { RecordAssessmentOverdueUseCase } from './assessments/record-assessment-overdue.use-case.js';
import { RequestAssessmentUseCase } from './assessments/request-assessment.use-case.js';
import { CasesHandlers } from './cases/cases.handlers.js';
import { ChangeCaseStageUseCase } from './cases/change-case-stage.use-case.js';
import { GetCaseUseCase } from './cases/get-case.use-case.js';
import { ListCasesUseCase } from './cases/list-cases.use-case.js';
import { OpenCaseUseCase } from './cases/open-case.use-case.js';
import { OperationsHandlers } from './operations/operations.handlers.js';
import { RecordOperationUseCase } from './operations/record-operation.use-case.js';
import { PrisonSnapshotsHandlers } from './prison-snapshots/prison-snapshots.handlers.js';
import { RecordPrisonSnapshotUseCase } from './prison-snapshots/record-prison-snapshot.use-case.js';
import { RecordSeizureUseCase } from './seizures/record-seizure.use-case.js';
import { SeizuresHandlers } from './seizures/seizures.handlers.js';
import { GetSuspectUseCase } from './suspects/get-suspect.use-case.js';
import { RecordSuspectUseCase } from './suspects/record-suspect.use-case.js';
import { SuspectsHandlers } from './suspects/suspects.handlers.js';

@Module({
  providers: [
    OpenCaseUseCase,
    GetCaseUseCase,
    ListCasesUseCase,
    ChangeCaseStageUseCase,
    RecordSuspectUseCase,
    GetSuspectUseCase,
    RecordSeizureUseCase,
    RequestAssessmentUseCase,
    GetAssessmentRequestUseCase,
    ListAssessmentRequestsUseCase,
    RecordAssessmentResultUseCase,
    RecordAssessmentOverdueUseCase,
    RecordOperationUseCase,
    RecordPrisonSnapshotUseCase,
    CasesHandlers,
    SuspectsHandlers,
    SeizuresHandlers,
    AssessmentsHandlers,
    OperationsHandlers,
    PrisonSnapshotsHandlers,
  ],
})
export class EnforcementModule {}
