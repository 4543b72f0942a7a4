import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A figure a survey gives for a region and year, with its source (docs/domain.md, "Reference
 * figures"): BNN's 2019 survey puts DKI Jakarta's past-year users at about 132,000. One per region,
 * year and kind; recording it again replaces it, as a target does.
 */
@Entity({ tableName: 'reference_figure' })
export class ReferenceFigureRecord {
  @PrimaryKey({ type: 'text' })
  regionCode!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  /** `prevalence_pct`, `estimated_users` or `abuse_rank` (REFERENCE_FIGURE_KINDS). */
  @PrimaryKey({ type: 'text' })
  kind!: string;

  @Property({ type: 'numeric', precision: 20, scale: 4 })
  value!: string;

  /** Survey name, publisher and year, as the figure's reader should cite it. */
  @Property({ type: 'text' })
  source!: string;

  /** The token subject that recorded it: kept here, never answered (the office, not the person, is shown). */
  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}
