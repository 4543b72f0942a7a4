import { ruleViolated } from './errors.js';

/**
 * A domain rule a request would break: its stable name (the `rule` of the 409 problem) and a
 * sentence for the caller. Rules return one instead of throwing, so they stay plain functions
 * that a spec calls with values.
 */
export interface RuleBreak {
  rule: string;
  message: string;
}

/** Refuses the request with 409 when a rule says it would break, and does nothing otherwise. */
export function assertNoRuleBreak(problem: RuleBreak | undefined): void {
  if (problem) throw ruleViolated(problem.rule, problem.message);
}
