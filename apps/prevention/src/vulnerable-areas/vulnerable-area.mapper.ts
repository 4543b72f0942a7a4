import type { VulnerableArea } from '@sinergi/contracts';
import { VulnerableAreaRecord } from './vulnerable-area.entity.js';

export function toVulnerableArea(record: VulnerableAreaRecord): VulnerableArea {
  return {
    id: record.id,
    regionCode: record.regionCode,
    name: record.name,
    riskLevel: record.riskLevel,
    assessedOn: record.assessedOn,
    createdAt: record.createdAt.toISOString(),
  };
}
