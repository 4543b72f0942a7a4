import { EnforcementRpc } from './enforcement.js';
import { EVERY_ROLE, type HttpRoute, http } from './http.js';
import { PreventionRpc } from './prevention.js';
import { REPORT_QUEUE_ROUTES } from './report-queue.js';
import { RehabRpc } from './rehab.js';
import { ReportingRpc } from './reporting.js';

/**
 * The public API: every route the gateway forwards to a service, one line each, with the roles
 * that may call it. Services still decide region scope and every domain rule
 * (docs/architecture.md); a route only says where its input comes from.
 */
const REHAB_READERS = ['rehab_officer', 'analyst', 'admin'] as const;

export const REHAB_ROUTES = [
  http.post('/v1/rehab/facilities', RehabRpc.registerFacility, ['rehab_officer']),
  http.get('/v1/rehab/facilities', RehabRpc.listFacilities, REHAB_READERS),
  http.post('/v1/rehab/clients', RehabRpc.registerClient, ['rehab_officer']),
  http.post('/v1/rehab/clients/:id/admissions', RehabRpc.admitClient, ['rehab_officer'], {
    params: { id: 'clientId' },
  }),
  // Identity only for a rehab officer in scope, who says why in X-Purpose (audited by rehab).
  http.get('/v1/rehab/clients/:id', RehabRpc.getClient, ['rehab_officer', 'analyst'], {
    params: { id: 'id' },
    input: 'none',
    headers: {
      'x-purpose': {
        field: 'purpose',
        description: 'Why the identity is read; required for rehab officers, written to the audit log',
      },
    },
  }),
  http.post('/v1/rehab/admissions/:id/discharge', RehabRpc.dischargeClient, ['rehab_officer'], {
    params: { id: 'admissionId' },
    status: 200,
  }),
  http.post('/v1/rehab/admissions/:id/aftercare', RehabRpc.startAftercare, ['rehab_officer'], {
    params: { id: 'admissionId' },
  }),
  http.post('/v1/rehab/aftercare/:id/follow-ups', RehabRpc.recordFollowUp, ['rehab_officer'], {
    params: { id: 'aftercareId' },
  }),
  http.get('/v1/rehab/aftercare/overdue', RehabRpc.listOverdueAftercare, REHAB_READERS),
  http.post('/v1/rehab/certificates', RehabRpc.issueCertificate, ['rehab_officer']),
  http.get('/v1/rehab/certificates', RehabRpc.listCertificates, REHAB_READERS),
  http.get('/v1/rehab/assessments', RehabRpc.listAssessments, ['rehab_officer']),
  http.post('/v1/rehab/assessments/:id/result', RehabRpc.recordAssessmentResult, ['rehab_officer'], {
    params: { id: 'id' },
    status: 200,
  }),
  http.get('/v1/rehab/audit', RehabRpc.listIdentityAudit, ['admin']),
];

const ENFORCEMENT_READERS = ['enforcement_officer', 'analyst', 'admin'] as const;

export const ENFORCEMENT_ROUTES = [
  http.post('/v1/enforcement/cases', EnforcementRpc.openCase, ['enforcement_officer']),
  http.get('/v1/enforcement/cases', EnforcementRpc.listCases, ENFORCEMENT_READERS),
  http.get('/v1/enforcement/cases/:id', EnforcementRpc.getCase, ENFORCEMENT_READERS, {
    params: { id: 'id' },
    input: 'none',
  }),
  http.post('/v1/enforcement/cases/:id/stage', EnforcementRpc.changeCaseStage, ['enforcement_officer'], {
    params: { id: 'id' },
    status: 200,
  }),
  http.post('/v1/enforcement/cases/:id/suspects', EnforcementRpc.recordSuspect, ['enforcement_officer'], {
    params: { id: 'caseId' },
  }),
  http.post('/v1/enforcement/cases/:id/seizures', EnforcementRpc.recordSeizure, ['enforcement_officer'], {
    params: { id: 'caseId' },
    example: { substance: 'methamphetamine', quantity: '307.527', unit: 'g', seizedOn: '2024-05-02' },
  }),
  http.get('/v1/enforcement/suspects/:id', EnforcementRpc.getSuspect, ENFORCEMENT_READERS, {
    params: { id: 'id' },
    input: 'none',
  }),
  http.post(
    '/v1/enforcement/suspects/:id/assessment-requests',
    EnforcementRpc.requestAssessment,
    ['enforcement_officer'],
    { params: { id: 'suspectId' } },
  ),
  http.get('/v1/enforcement/assessment-requests', EnforcementRpc.listAssessmentRequests, ENFORCEMENT_READERS),
  http.get('/v1/enforcement/assessment-requests/:id', EnforcementRpc.getAssessmentRequest, ENFORCEMENT_READERS, {
    params: { id: 'id' },
    input: 'none',
  }),
  http.post('/v1/enforcement/operations', EnforcementRpc.recordOperation, ['enforcement_officer']),
  http.post('/v1/enforcement/prison-snapshots', EnforcementRpc.recordPrisonSnapshot, ['enforcement_officer']),
];

const PREVENTION_READERS = ['prevention_officer', 'analyst', 'admin'] as const;

export const PREVENTION_ROUTES = [
  http.post('/v1/prevention/activities', PreventionRpc.recordActivity, ['prevention_officer'], {
    example: {
      regionCode: '31.72',
      kind: 'socialization',
      segment: 'students',
      channel: 'in_person',
      on: '2024-05-02',
      participants: 120,
    },
  }),
  http.get('/v1/prevention/activities', PreventionRpc.listActivities, PREVENTION_READERS),
  // A CSV file (text/csv), read and staged by the gateway in chunks, committed all or nothing by
  // prevention (apps/gateway/src/import/activity-import.ts).
  http.post('/v1/prevention/activities::import', PreventionRpc.commitActivityImport, ['prevention_officer'], {
    input: 'csv',
    summary: 'Import activities from CSV: all rows or none; a bad file answers its bad lines and reasons',
  }),
  http.post('/v1/prevention/vulnerable-areas', PreventionRpc.mapVulnerableArea, ['prevention_officer']),
  http.post(
    '/v1/prevention/vulnerable-areas/:id/assessments',
    PreventionRpc.assessVulnerableArea,
    ['prevention_officer'],
    {
      params: { id: 'areaId' },
    },
  ),
  http.get('/v1/prevention/vulnerable-areas', PreventionRpc.listVulnerableAreas, PREVENTION_READERS),
  http.get('/v1/prevention/vulnerable-areas/:id', PreventionRpc.getVulnerableArea, PREVENTION_READERS, {
    params: { id: 'areaId' },
    input: 'none',
  }),
  http.post('/v1/prevention/bersinar-villages', PreventionRpc.designateBersinarVillage, ['prevention_officer']),
  http.get('/v1/prevention/bersinar-villages', PreventionRpc.listBersinarVillages, PREVENTION_READERS),
  http.post('/v1/prevention/trainings', PreventionRpc.recordTraining, ['prevention_officer']),
  http.get('/v1/prevention/trainings', PreventionRpc.listTrainings, PREVENTION_READERS),
];

export const REPORTING_ROUTES = [
  // Officers read their own region; analysts and admins whatever their region covers.
  http.get('/v1/reporting/indicators', ReportingRpc.indicators, EVERY_ROLE),
  // The dashboard's trends and child rankings: planners, like targets and completeness.
  http.get('/v1/reporting/trends', ReportingRpc.trends, ['analyst', 'admin']),
  // Which agencies reached which vulnerable area: planners, like the coordination report.
  http.get('/v1/reporting/vulnerable-areas', ReportingRpc.vulnerableAreaCoverage, ['analyst', 'admin']),
  // Planners (analysts, admins) set yearly targets for their region and below.
  http.put('/v1/reporting/targets', ReportingRpc.setTarget, ['analyst', 'admin']),
  http.get('/v1/reporting/targets', ReportingRpc.listTargets, ['analyst', 'admin']),
  // National and provincial BNN analysts record survey results for their region and below; every
  // role reads them, as it reads the live indicators they stand beside.
  http.put('/v1/reporting/reference-figures', ReportingRpc.setReferenceFigure, ['analyst', 'admin']),
  http.get('/v1/reporting/reference-figures', ReportingRpc.listReferenceFigures, EVERY_ROLE),
  http.post('/v1/reports', ReportingRpc.requestReport, EVERY_ROLE, { status: 202 }),
  http.get('/v1/reports', ReportingRpc.listReports, EVERY_ROLE),
  http.get('/v1/reports/tdi', ReportingRpc.tdiExport, ['analyst', 'admin']),
  http.get('/v1/reports/:id', ReportingRpc.getReport, EVERY_ROLE, { params: { id: 'id' }, input: 'none' }),
  http.get('/v1/reports/:id/export', ReportingRpc.exportReport, EVERY_ROLE, {
    params: { id: 'id' },
    answer: 'file',
    produces: ['text/csv', 'text/html'],
  }),
  http.get('/v1/reporting/schedules', ReportingRpc.listSchedules, ['analyst', 'admin'], { input: 'none' }),
  http.put('/v1/reporting/schedules/:name', ReportingRpc.putSchedule, ['admin'], { params: { name: 'name' } }),
  // Which units reported, on time, and which are silent.
  http.get('/v1/reporting/completeness', ReportingRpc.getCompleteness, ['analyst', 'admin']),
  // The sign-off chain: admins of a region's own office submit, of its parent approve
  // (reporting checks the level, the agency and the region).
  http.get('/v1/reporting/approvals', ReportingRpc.getApproval, ['analyst', 'admin']),
  http.post('/v1/reporting/approvals/:action', ReportingRpc.actOnApproval, ['admin'], {
    params: { action: 'action' },
    status: 200,
  }),
  // Operators (admins) see which events reporting gave up on; never the events' data.
  http.get('/v1/reporting/dead-letters', ReportingRpc.listDeadLetters, ['admin']),
];

/** Every forwarded route of the public API, in the order the OpenAPI document lists them. */
export const HTTP_ROUTES: readonly HttpRoute[] = [
  ...REHAB_ROUTES,
  ...ENFORCEMENT_ROUTES,
  ...PREVENTION_ROUTES,
  ...REPORTING_ROUTES,
  ...REPORT_QUEUE_ROUTES,
];
