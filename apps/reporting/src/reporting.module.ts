import { Module } from '@nestjs/common';
import { IndicatorQuery } from './indicators/indicator.query.js';
import { IndicatorsHandlers } from './indicators/indicators.handlers.js';
import { RehabProjection } from './projections/rehab.projection.js';

@Module({ providers: [IndicatorQuery, IndicatorsHandlers, RehabProjection] })
export class ReportingModule {}
