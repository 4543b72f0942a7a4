import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ACTIVITY_IMPORT_CHUNK,
  type CsvRowProblem,
  ErrorCode,
  isWithinRegion,
  PreventionRpc,
  readActivityCsv,
  regionLevel,
  uuidSchema,
} from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { ProblemError } from '../http/problem.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';
import { Doc } from '../openapi/doc.decorator.js';

const idParam = z.object({ id: uuidSchema });

@Controller('v1/prevention')
export class PreventionController {
  constructor(
    private readonly services: ServiceClient,
    private readonly regions: RegionDirectory,
  ) {}

  @Doc(PreventionRpc.recordActivity, {
    example: {
      regionCode: '31.72',
      kind: 'socialization',
      segment: 'students',
      channel: 'in_person',
      on: '2024-05-02',
      participants: 120,
    },
  })
  @Post('activities')
  @HttpCode(201)
  @Roles('prevention_officer')
  recordActivity(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.recordActivity,
      validate(PreventionRpc.recordActivity.input, body),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.listActivities)
  @Get('activities')
  @Roles('prevention_officer', 'analyst', 'admin')
  listActivities(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.listActivities,
      validate(PreventionRpc.listActivities.input, query),
      principalOf(request),
    );
  }

  /**
   * Bulk import, all or nothing. The gateway reads and checks the whole file first and answers
   * 400 naming every bad line (header = line 1) before anything is sent. Then the rows go to
   * prevention in chunks under one importId (a 50,000-row file is several MB; NATS carries 1 MB
   * per message), where they are only staged. The final commit moves every staged row into
   * `activity`, with one event per row, in a single transaction; a lost chunk or a row the
   * service refuses fails the commit, and nothing is recorded.
   */
  @Doc(PreventionRpc.commitActivityImport, {
    summary: 'Import activities from CSV: all rows or none; a bad file answers every bad line and reason',
    consumes: 'text/csv',
    body: z.string(),
  })
  @Post('activities::import')
  @HttpCode(201)
  @Roles('prevention_officer')
  async importActivities(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: AuthedRequest,
  ) {
    if (!contentType?.startsWith('text/csv') || typeof body !== 'string') {
      throw new ProblemError(415, ErrorCode.ValidationFailed, 'send the activities as text/csv');
    }
    const principal = principalOf(request);
    const { rows, problems } = readActivityCsv(body);
    for (const { line, activity } of rows) {
      const problem = this.regionProblem(activity.regionCode, principal.region);
      if (problem) problems.push({ line, path: 'regionCode', message: problem });
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.line - b.line);
      throw new ProblemError(
        400,
        ErrorCode.ValidationFailed,
        `${new Set(problems.map((p) => p.line)).size} line(s) of the file are invalid; nothing was imported`,
        problems.map((p) => ({ path: `line ${p.line}: ${p.path}`, message: p.message })),
        { lines: problems satisfies CsvRowProblem[] },
      );
    }
    const importId = randomUUID();
    for (let i = 0; i < rows.length; i += ACTIVITY_IMPORT_CHUNK) {
      await this.services.call(
        PreventionRpc.stageActivityImport,
        { importId, rows: rows.slice(i, i + ACTIVITY_IMPORT_CHUNK) },
        principal,
      );
    }
    return this.services.call(PreventionRpc.commitActivityImport, { importId, rowCount: rows.length }, principal);
  }

  @Doc(PreventionRpc.mapVulnerableArea)
  @Post('vulnerable-areas')
  @HttpCode(201)
  @Roles('prevention_officer')
  mapVulnerableArea(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.mapVulnerableArea,
      validate(PreventionRpc.mapVulnerableArea.input, body),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.assessVulnerableArea)
  @Post('vulnerable-areas/:id/assessments')
  @HttpCode(201)
  @Roles('prevention_officer')
  assessVulnerableArea(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(PreventionRpc.assessVulnerableArea.input, { ...(body as object), areaId: id });
    return this.services.call(PreventionRpc.assessVulnerableArea, input, principalOf(request));
  }

  @Doc(PreventionRpc.listVulnerableAreas)
  @Get('vulnerable-areas')
  @Roles('prevention_officer', 'analyst', 'admin')
  listVulnerableAreas(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.listVulnerableAreas,
      validate(PreventionRpc.listVulnerableAreas.input, query),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.getVulnerableArea, { query: z.object({}) })
  @Get('vulnerable-areas/:id')
  @Roles('prevention_officer', 'analyst', 'admin')
  getVulnerableArea(@Param() params: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    return this.services.call(PreventionRpc.getVulnerableArea, { areaId: id }, principalOf(request));
  }

  @Doc(PreventionRpc.designateBersinarVillage)
  @Post('bersinar-villages')
  @HttpCode(201)
  @Roles('prevention_officer')
  designateBersinarVillage(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.designateBersinarVillage,
      validate(PreventionRpc.designateBersinarVillage.input, body),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.listBersinarVillages)
  @Get('bersinar-villages')
  @Roles('prevention_officer', 'analyst', 'admin')
  listBersinarVillages(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.listBersinarVillages,
      validate(PreventionRpc.listBersinarVillages.input, query),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.recordTraining)
  @Post('trainings')
  @HttpCode(201)
  @Roles('prevention_officer')
  recordTraining(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.recordTraining,
      validate(PreventionRpc.recordTraining.input, body),
      principalOf(request),
    );
  }

  @Doc(PreventionRpc.listTrainings)
  @Get('trainings')
  @Roles('prevention_officer', 'analyst', 'admin')
  listTrainings(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      PreventionRpc.listTrainings,
      validate(PreventionRpc.listTrainings.input, query),
      principalOf(request),
    );
  }

  /** What only the region directory and the caller's scope can say about a row's region. */
  private regionProblem(regionCode: string, scope: string): string | undefined {
    if (!this.regions.has(regionCode)) return `${regionCode} is not a known region`;
    if (regionLevel(regionCode) === 'national') return 'an activity is recorded in a province or below';
    if (!isWithinRegion(regionCode, scope)) return `outside your region ${scope}`;
    return undefined;
  }
}
