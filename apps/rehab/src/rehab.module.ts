import { type DynamicModule, Module } from '@nestjs/common';
import { ReferralLink } from '@sinergi/runtime';
import { AdmissionsHandlers } from './admissions/admissions.handlers.js';
import { AdmitClientUseCase } from './admissions/admit-client.use-case.js';
import { DischargeClientUseCase } from './admissions/discharge-client.use-case.js';
import { AftercareHandlers } from './aftercare/aftercare.handlers.js';
import { ListOverdueAftercareUseCase } from './aftercare/list-overdue-aftercare.use-case.js';
import { RecordFollowUpUseCase } from './aftercare/record-follow-up.use-case.js';
import { StartAftercareUseCase } from './aftercare/start-aftercare.use-case.js';
import { ASSESSMENT_SWEEP_SETTINGS, AssessmentOverdueSweep } from './assessments/assessment-overdue.sweep.js';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { ListAssessmentsUseCase } from './assessments/list-assessments.use-case.js';
import { ReceiveAssessmentRequestUseCase } from './assessments/receive-assessment-request.use-case.js';
import { RecordAssessmentResultUseCase } from './assessments/record-assessment-result.use-case.js';
import { AuditHandlers } from './audit/audit.handlers.js';
import { ListIdentityAuditUseCase } from './audit/list-identity-audit.use-case.js';
import { CertificatesHandlers } from './certificates/certificates.handlers.js';
import { IssueCertificateUseCase } from './certificates/issue-certificate.use-case.js';
import { ListCertificatesUseCase } from './certificates/list-certificates.use-case.js';
import { ClientsHandlers } from './clients/clients.handlers.js';
import { GetClientUseCase } from './clients/get-client.use-case.js';
import { IdentityCipher } from './clients/identity-cipher.js';
import { RegisterClientUseCase } from './clients/register-client.use-case.js';
import type { RehabConfig } from './config.js';
import { FacilitiesHandlers } from './facilities/facilities.handlers.js';
import { ListFacilitiesUseCase } from './facilities/list-facilities.use-case.js';
import { RegisterFacilityUseCase } from './facilities/register-facility.use-case.js';

/** The identity cipher from the configured keys: the service and the rotation command share it. */
export function identityCipherFor(config: RehabConfig): IdentityCipher {
  return new IdentityCipher(config.IDENTITY_KEYS, config.IDENTITY_KEY_ID, Buffer.from(config.NIK_HASH_KEY, 'base64'));
}

@Module({})
export class RehabModule {
  static forConfig(config: RehabConfig): DynamicModule {
    return {
      module: RehabModule,
      providers: [
        { provide: IdentityCipher, useValue: identityCipherFor(config) },
        { provide: ReferralLink, useValue: new ReferralLink(config.REFERRAL_LINK_KEY) },
        {
          provide: ASSESSMENT_SWEEP_SETTINGS,
          useValue: { everyMs: config.ASSESSMENT_SWEEP_EVERY_MS, batchSize: config.ASSESSMENT_SWEEP_BATCH },
        },
        RegisterFacilityUseCase,
        ListFacilitiesUseCase,
        RegisterClientUseCase,
        GetClientUseCase,
        AdmitClientUseCase,
        DischargeClientUseCase,
        StartAftercareUseCase,
        RecordFollowUpUseCase,
        ListOverdueAftercareUseCase,
        IssueCertificateUseCase,
        ListCertificatesUseCase,
        ReceiveAssessmentRequestUseCase,
        ListAssessmentsUseCase,
        RecordAssessmentResultUseCase,
        AssessmentOverdueSweep,
        ListIdentityAuditUseCase,
        FacilitiesHandlers,
        ClientsHandlers,
        AdmissionsHandlers,
        AftercareHandlers,
        CertificatesHandlers,
        AssessmentsHandlers,
        AuditHandlers,
      ],
    };
  }
}
