import { CASE_STAGES, type CaseStage } from '@sinergi/contracts';
import type { RuleBreak } from '@sinergi/runtime';

/**
 * A case moves one stage forward at a time, or is closed from any open stage (an investigation
 * may be stopped, a prosecution dropped). It never goes back, and a closed case stays closed.
 */
export function stageChangeProblem(from: CaseStage, to: CaseStage): RuleBreak | undefined {
  if (from === 'closed') return { rule: 'case_closed', message: 'the case is closed; its stage cannot change' };
  if (from === to) return { rule: 'stage_unchanged', message: `the case is already in ${to}` };
  const current = CASE_STAGES.indexOf(from);
  const next = CASE_STAGES.indexOf(to);
  if (next < current) return { rule: 'stage_backwards', message: `a case cannot go back from ${from} to ${to}` };
  if (to !== 'closed' && next !== current + 1) {
    return { rule: 'stage_skipped', message: `a case in ${from} moves next to ${CASE_STAGES[current + 1]}, not ${to}` };
  }
  return undefined;
}

/** A stage cannot change before the date the case entered its current stage. */
export function stageDateProblem(currentSince: string, on: string): string | undefined {
  return on < currentSince ? `must not be before ${currentSince}, when the case entered its current stage` : undefined;
}

/** Suspects, seizures and assessment requests are recorded only while the case is open. */
export function closedCaseProblem(stage: CaseStage): RuleBreak | undefined {
  return stage === 'closed'
    ? { rule: 'case_closed', message: 'the case is closed; nothing more is recorded on it' }
    : undefined;
}
