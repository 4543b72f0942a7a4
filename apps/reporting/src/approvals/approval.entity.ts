import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Where a region's figures of one period stand in the sign-off chain (approval.rules.ts). The
 * frozen report is the coordination report as published at the approval (suppression applied);
 * a later event changes the live figures, never this one.
 */
@Entity({ tableName: 'period_approval' })
export class PeriodApproval {
  @PrimaryKey({ type: 'text' })
  regionCode!: string;

  @PrimaryKey({ type: 'text' })
  periodKey!: string;

  @Property({ type: 'text' })
  state!: string;

  /** How many times these figures were frozen; the frozen report carries the same number. */
  @Property({ type: 'integer' })
  frozenVersion!: number;

  @Property({ type: 'jsonb', nullable: true })
  frozen?: unknown;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every step taken, who took it and why: append-only (the audit of the sign-off chain). */
@Entity({ tableName: 'approval_step' })
@Index({ properties: ['regionCode', 'periodKey'] })
export class ApprovalStep {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  periodKey!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  fromState!: string;

  @Property({ type: 'text' })
  toState!: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** The token's subject: the person, kept here and never in an event. */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text' })
  actorRegion!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;
}

export const APPROVAL_ENTITIES = [PeriodApproval, ApprovalStep];
