import type { RiskLevel } from './vulnerable-area.entity.js';

export interface Assessment {
  riskLevel: RiskLevel;
  assessedOn: string;
  recordedAt: Date;
}

/**
 * The area's current assessment: the latest by date; on the same date the later-recorded one,
 * so a correction made the same day wins. A back-dated assessment joins the history only.
 */
export function currentAssessment<A extends Assessment>(history: readonly A[]): A | undefined {
  let current: A | undefined;
  for (const assessment of history) {
    if (
      !current ||
      assessment.assessedOn > current.assessedOn ||
      (assessment.assessedOn === current.assessedOn && assessment.recordedAt >= current.recordedAt)
    ) {
      current = assessment;
    }
  }
  return current;
}

/** Oldest first, as the history is shown. */
export function chronological<A extends Assessment>(history: readonly A[]): A[] {
  return [...history].sort(
    (a, b) => a.assessedOn.localeCompare(b.assessedOn) || a.recordedAt.getTime() - b.recordedAt.getTime(),
  );
}

/** An area cannot be assessed before it was first mapped: that grading would describe no mapped place. */
export function assessmentProblem(
  history: readonly Assessment[],
  assessedOn: string,
): { rule: string; message: string } | undefined {
  const first = chronological(history)[0];
  if (first && assessedOn < first.assessedOn) {
    return {
      rule: 'assessment_before_mapping',
      message: `assessedOn ${assessedOn} is before the area was first assessed on ${first.assessedOn}`,
    };
  }
  return undefined;
}

/** Folds a place name so "Kampung  Ambon" and "kampung ambon" are one area of a village. */
export function areaNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id');
}
