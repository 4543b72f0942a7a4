import type { Seizure } from '@sinergi/contracts';
import { normalizeDecimal } from './decimal.js';
import { SeizureRecord } from './seizure.entity.js';

export function toSeizure(record: SeizureRecord): Seizure {
  return {
    id: record.id,
    caseId: record.caseId,
    suspectId: record.suspectId ?? null,
    regionCode: record.regionCode,
    substance: record.substance,
    quantity: normalizeDecimal(record.quantity),
    unit: record.unit,
    seizedOn: record.seizedOn,
    withinOneDayUse: record.withinOneDayUse,
    createdAt: record.createdAt.toISOString(),
  };
}
