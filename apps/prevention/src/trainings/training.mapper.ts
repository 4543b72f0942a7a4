import type { Training } from '@sinergi/contracts';
import { TrainingRecord } from './training.entity.js';

export function toTraining(record: TrainingRecord): Training {
  return {
    id: record.id,
    regionCode: record.regionCode,
    on: record.on,
    trained: record.trained,
    sector: record.sector,
    createdAt: record.createdAt.toISOString(),
  };
}
