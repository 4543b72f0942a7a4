import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type Approval,
  type ApprovalAction,
  type ApprovalState,
  NATIONAL_REGION,
  type Period,
  type Principal,
  parentRegion,
  ReportingEvents,
  todayInJakarta,
} from '@sinergi/contracts';
import { assertVisible, Outbox, RegionDirectory, ruleViolated } from '@sinergi/runtime';
import { type CoordinationReport, CoordinationReportBuilder } from '../reports/coordination-report.builder.js';
import { periodRange } from '../indicators/period.js';
import { periodKey as keyOf } from '../reports/report-key.js';
import { assertApprovable, assertMayAct, SETTLED, submittingChildren, transition } from './approval.rules.js';

const EVENT_OF: Record<ApprovalAction, (typeof ReportingEvents)[keyof typeof ReportingEvents]> = {
  submit: ReportingEvents.periodSubmitted,
  approve: ReportingEvents.periodApproved,
  return: ReportingEvents.periodReturned,
  waive: ReportingEvents.periodWaived,
  reopen: ReportingEvents.periodReopened,
};

interface ApprovalRow {
  state: ApprovalState;
  frozen_version: number;
  frozen: CoordinationReport | null;
  approved_at: Date | null;
}

/** A published figure of a frozen report beside the live one, where both are shown and they differ. */
export function lateCorrections(frozen: CoordinationReport, live: CoordinationReport): Approval['lateCorrections'] {
  const now = new Map(live.indicators.map((i) => [i.code, i]));
  return frozen.indicators.flatMap((was) => {
    const is = now.get(was.code);
    if (was.suppressed || was.value === null || !is || is.suppressed || is.value === null || is.value === was.value)
      return [];
    return [
      {
        code: was.code,
        frozen: was.value,
        live: is.value,
        delta: Math.round((is.value - was.value) * 10_000) / 10_000,
      },
    ];
  });
}

/**
 * The sign-off chain of a region's figures for a period (approval.rules.ts): each step is a row
 * change, an audit row and an event in one transaction (the outbox), and approving freezes the
 * coordination report as published then. Events that arrive later move the live figures and
 * show as late corrections beside the frozen ones; the report of an approved period is the
 * frozen one (reports/report.service.ts).
 */
@Injectable()
export class ApprovalService {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
    private readonly builder: CoordinationReportBuilder,
    private readonly outbox: Outbox,
  ) {}

  private async row(em: EntityManager, regionCode: string, key: string, lock = false): Promise<ApprovalRow> {
    const [row] = await em.execute<ApprovalRow[]>(
      `select state, frozen_version, frozen, approved_at from period_approval
       where region_code = ? and period_key = ?${lock ? ' for update' : ''}`,
      [regionCode, key],
    );
    return row ?? { state: 'open', frozen_version: 0, frozen: null, approved_at: null };
  }

  private async statesOf(em: EntityManager, regionCodes: string[], key: string): Promise<Map<string, ApprovalState>> {
    if (regionCodes.length === 0) return new Map();
    const rows = await em.execute<{ region_code: string; state: ApprovalState }[]>(
      `select region_code, state from period_approval where period_key = ? and region_code in (${regionCodes.map(() => '?').join(', ')})`,
      [key, ...regionCodes],
    );
    return new Map(rows.map((r) => [r.region_code, r.state]));
  }

  async get(regionCode: string, period: Period, principal: Principal): Promise<Approval> {
    assertApprovable(this.regions, regionCode);
    assertVisible(principal, regionCode, 'region', regionCode);
    return this.describe(regionCode, period);
  }

  private async describe(regionCode: string, period: Period): Promise<Approval> {
    const em = this.em.fork();
    const key = keyOf(period);
    const row = await this.row(em, regionCode, key);
    const children = submittingChildren(this.regions, regionCode);
    const states = await this.statesOf(
      em,
      children.map((c) => c.code),
      key,
    );
    const steps = await em.execute<
      {
        action: ApprovalAction;
        from_state: ApprovalState;
        to_state: ApprovalState;
        reason: string | null;
        actor_region: string;
        at: Date;
      }[]
    >(
      `select action, from_state, to_state, reason, actor_region, at from approval_step
       where region_code = ? and period_key = ? order by id limit 500`,
      [regionCode, key],
    );
    const frozen = row.state === 'approved' ? row.frozen : null;
    return {
      regionCode,
      periodKey: key,
      state: row.state,
      frozenVersion: row.frozen_version,
      approvedAt: row.state === 'approved' && row.approved_at ? new Date(row.approved_at).toISOString() : null,
      children: children.map((c) => ({ regionCode: c.code, name: c.name, state: states.get(c.code) ?? 'open' })),
      lateCorrections: frozen ? lateCorrections(frozen, await this.builder.build(regionCode, period)) : [],
      history: steps.map((s) => ({
        action: s.action,
        from: s.from_state,
        to: s.to_state,
        reason: s.reason,
        actorRegion: s.actor_region,
        at: new Date(s.at).toISOString(),
      })),
    };
  }

  async act(
    action: ApprovalAction,
    regionCode: string,
    period: Period,
    reason: string | undefined,
    principal: Principal,
  ): Promise<Approval> {
    assertApprovable(this.regions, regionCode);
    assertMayAct(principal, action, regionCode);
    const key = keyOf(period);
    // A period's figures are submitted once it is over; until then they are still being recorded.
    if (action === 'submit' && periodRange(period).to > todayInJakarta())
      throw ruleViolated('period_not_ended', `${key} has not ended yet: its figures are submitted after it ends`);
    // The figures to freeze are built before the row is locked (a build reads for a while);
    // events after it are late corrections like any later one.
    const report = action === 'approve' ? await this.builder.build(regionCode, period) : undefined;
    await this.em.fork().transactional(async (tx) => {
      await tx.execute(
        `insert into period_approval (region_code, period_key, state, frozen_version, updated_at)
         values (?, ?, 'open', 0, now()) on conflict do nothing`,
        [regionCode, key],
      );
      const row = await this.row(tx, regionCode, key, true);
      const to = transition(action, row.state, reason);
      const children = submittingChildren(this.regions, regionCode).map((c) => c.code);
      if (action === 'submit' && children.length > 0) {
        const states = await this.statesOf(tx, children, key);
        const pending = children.filter((c) => !SETTLED.includes(states.get(c) ?? 'open'));
        if (pending.length > 0)
          throw ruleViolated(
            'children_pending',
            `cannot submit ${regionCode} before every child is approved or waived: ${pending.slice(0, 10).join(', ')}${pending.length > 10 ? ` and ${pending.length - 10} more` : ''}`,
          );
      }
      if (action === 'reopen' && regionCode !== NATIONAL_REGION) {
        const parent = parentRegion(regionCode) as string;
        const parentState = (await this.row(tx, parent, key, true)).state;
        if (parentState === 'submitted' || parentState === 'approved')
          throw ruleViolated(
            'parent_locked',
            `cannot re-open ${regionCode} while ${parent} is ${parentState}: re-open or return ${parent} first`,
          );
      }
      const frozenVersion = row.frozen_version + (action === 'approve' ? 1 : 0);
      await tx.execute(
        `update period_approval set state = ?, updated_at = now(), frozen_version = ?
           ${action === 'approve' ? ', frozen = ?::jsonb, approved_at = now()' : ''}
         where region_code = ? and period_key = ?`,
        [to, frozenVersion, ...(report ? [JSON.stringify(report)] : []), regionCode, key],
      );
      await tx.execute(
        `insert into approval_step (region_code, period_key, action, from_state, to_state, reason, actor, actor_region, at)
         values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
        [regionCode, key, action, row.state, to, reason ?? null, principal.sub, principal.region],
      );
      this.outbox.record(tx, EVENT_OF[action], {
        regionCode,
        payload: {
          regionCode,
          periodKey: key,
          from: row.state,
          to,
          reason: reason ?? null,
          actorRegion: principal.region,
          frozenVersion,
        },
      });
    });
    return this.describe(regionCode, period);
  }

  /** The frozen report of an approved region and period, or null while its figures are live. */
  async frozenReport(
    regionCode: string,
    key: string,
  ): Promise<{ report: CoordinationReport; frozenVersion: number; approvedAt: string } | null> {
    const row = await this.row(this.em.fork(), regionCode, key);
    if (row.state !== 'approved' || !row.frozen || !row.approved_at) return null;
    return {
      report: row.frozen,
      frozenVersion: row.frozen_version,
      approvedAt: new Date(row.approved_at).toISOString(),
    };
  }
}
