import {
  type ApprovalAction,
  type ApprovalState,
  ErrorCode,
  isWithinRegion,
  NATIONAL_REGION,
  type Principal,
  parentRegion,
  regionLevel,
} from '@sinergi/contracts';
import {
  assertKnownRegion,
  DomainError,
  invalid,
  notFound,
  type RegionDirectory,
  ruleViolated,
  unprocessable,
} from '@sinergi/runtime';

/**
 * The sign-off chain as pure rules (docs/architecture.md, "Approval"): who may take which step
 * on a region's figures of a period, and where it leads. A regency's or province's office
 * (its BNN admin) submits its own figures; the parent's office approves, returns or waives
 * them, and may re-open what it approved; the nation's office approves the nation's own.
 */
export const TRANSITIONS: Readonly<Record<ApprovalAction, { from: readonly ApprovalState[]; to: ApprovalState }>> = {
  submit: { from: ['open', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  waive: { from: ['open', 'returned'], to: 'waived' },
  reopen: { from: ['approved', 'waived'], to: 'open' },
};

/** States that count as done for a parent's submission. */
export const SETTLED: readonly ApprovalState[] = ['approved', 'waived'];
/** Steps that must say why. */
const NEEDS_REASON: readonly ApprovalAction[] = ['return', 'waive', 'reopen'];

/** A known region whose figures go through the chain: a regency, a province or the nation (422 otherwise). */
export function assertApprovable(regions: RegionDirectory, regionCode: string): void {
  assertKnownRegion(regions, regionCode);
  const level = regionLevel(regionCode);
  if (level === 'district' || level === 'village')
    throw unprocessable('regionCode', 'figures are approved for a regency, a province or the nation');
}

/** The regions whose offices submit to this one: a province's regencies, the nation's provinces; none to a regency. */
export function submittingChildren(regions: RegionDirectory, regionCode: string) {
  return regionLevel(regionCode) === 'regency' ? [] : regions.childrenOf(regionCode);
}

/** The office whose admin takes the step: the region's own for a submission, else its parent's (the nation's for itself). */
export function actingRegion(action: ApprovalAction, regionCode: string): string {
  if (action === 'submit') return regionCode;
  return parentRegion(regionCode) ?? NATIONAL_REGION;
}

/**
 * Whether the caller may take the step at all (of an approvable region): a region outside the caller's is not found
 * (404, as everywhere); inside it but at the wrong level, or not an admin of BNN's chain, is
 * forbidden (403) with the level that takes it.
 */
export function assertMayAct(principal: Principal, action: ApprovalAction, regionCode: string): void {
  if (!isWithinRegion(regionCode, principal.region)) throw notFound('region', regionCode);
  const office = actingRegion(action, regionCode);
  if (principal.agency !== 'BNN' || !principal.roles.includes('admin'))
    throw new DomainError(ErrorCode.Forbidden, `${action}: taken by a BNN admin of ${office}`);
  if (principal.region !== office)
    throw new DomainError(
      ErrorCode.Forbidden,
      `${action}: taken by the office of ${office}, not of ${principal.region}`,
    );
}

/** The state a step leads to, or why it cannot be taken from here (409). */
export function transition(action: ApprovalAction, from: ApprovalState, reason: string | undefined): ApprovalState {
  if (NEEDS_REASON.includes(action) && !reason) throw invalid('reason', `required to ${action}`);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from))
    throw ruleViolated(
      'approval_transition',
      `cannot ${action} figures that are ${from} (only ${rule.from.join(' or ')})`,
    );
  return rule.to;
}
