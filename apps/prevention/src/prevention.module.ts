import { Module } from '@nestjs/common';
import { ActivitiesHandlers } from './activities/activities.handlers.js';
import { CommitActivityImportUseCase } from './activities/commit-activity-import.use-case.js';
import { ListActivitiesUseCase } from './activities/list-activities.use-case.js';
import { RecordActivityUseCase } from './activities/record-activity.use-case.js';
import { StageActivityImportUseCase } from './activities/stage-activity-import.use-case.js';
import { BersinarVillagesHandlers } from './bersinar-villages/bersinar-villages.handlers.js';
import { DesignateBersinarVillageUseCase } from './bersinar-villages/designate-bersinar-village.use-case.js';
import { ListBersinarVillagesUseCase } from './bersinar-villages/list-bersinar-villages.use-case.js';
import { ListTrainingsUseCase } from './trainings/list-trainings.use-case.js';
import { RecordTrainingUseCase } from './trainings/record-training.use-case.js';
import { TrainingsHandlers } from './trainings/trainings.handlers.js';
import { AssessVulnerableAreaUseCase } from './vulnerable-areas/assess-vulnerable-area.use-case.js';
import { GetVulnerableAreaUseCase } from './vulnerable-areas/get-vulnerable-area.use-case.js';
import { ListVulnerableAreasUseCase } from './vulnerable-areas/list-vulnerable-areas.use-case.js';
import { MapVulnerableAreaUseCase } from './vulnerable-areas/map-vulnerable-area.use-case.js';
import { VulnerableAreasHandlers } from './vulnerable-areas/vulnerable-areas.handlers.js';

@Module({
  providers: [
    RecordActivityUseCase,
    ListActivitiesUseCase,
    StageActivityImportUseCase,
    CommitActivityImportUseCase,
    MapVulnerableAreaUseCase,
    AssessVulnerableAreaUseCase,
    ListVulnerableAreasUseCase,
    GetVulnerableAreaUseCase,
    DesignateBersinarVillageUseCase,
    ListBersinarVillagesUseCase,
    RecordTrainingUseCase,
    ListTrainingsUseCase,
    ActivitiesHandlers,
    VulnerableAreasHandlers,
    BersinarVillagesHandlers,
    TrainingsHandlers,
  ],
})
export class PreventionModule {}
