/**
 * Rehab's use cases in-process against a real PostgreSQL database (the medium tier,
 * docs/architecture.md "Tests"): no broker, no gateway. The rules of an admission's and an
 * aftercare's life are checked here in seconds; rehab-journey.spec.ts drives the same service
 * through the gateway and the broker.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ErrorCode, type Principal, RehabEvents } from '@sinergi/contracts';
import { DomainError, Outbox, RegionDirectory, ReferralLink } from '@sinergi/runtime';
import { UseCaseDatabase } from '@sinergi/runtime/testing';
import { AdmitClientUseCase } from '../src/admissions/admit-client.use-case.js';
import { DischargeClientUseCase } from '../src/admissions/discharge-client.use-case.js';
import { RecordFollowUpUseCase } from '../src/aftercare/record-follow-up.use-case.js';
import { StartAftercareUseCase } from '../src/aftercare/start-aftercare.use-case.js';
import { IdentityCipher } from '../src/clients/identity-cipher.js';
import { RegisterClientUseCase } from '../src/clients/register-client.use-case.js';
import { RegisterFacilityUseCase } from '../src/facilities/register-facility.use-case.js';
import { REHAB_ENTITIES, rehabMigrations } from '../src/rehab.service.js';

const db = new UseCaseDatabase('rehab', { entities: REHAB_ENTITIES, ...rehabMigrations }, ['identity_audit']);
const officer: Principal = { sub: 'officer-jakut', agency: 'BNN', roles: ['rehab_officer'], region: '31.72' };
const outbox = new Outbox('rehab');
const regions = RegionDirectory.load();
const cipher = new IdentityCipher(new Map([['k1', randomBytes(32)]]), 'k1', randomBytes(32));
const referrals = new ReferralLink(randomBytes(32).toString('base64'));

const useCases = () => {
  const em = db.em();
  return {
    registerFacility: new RegisterFacilityUseCase(em, outbox, regions),
    registerClient: new RegisterClientUseCase(em, outbox, regions, cipher),
    admit: new AdmitClientUseCase(em, outbox, referrals),
    discharge: new DischargeClientUseCase(em, outbox),
    startAftercare: new StartAftercareUseCase(em, outbox),
    followUp: new RecordFollowUpUseCase(em, outbox),
  };
};

let facilityId: string;

beforeAll(async () => {
  await db.start();
  const facility = await useCases().registerFacility.execute(
    { name: 'Klinik Pratama BNNK Jakarta Utara', kind: 'clinic', regionCode: '31.72' },
    officer,
  );
  facilityId = facility.id;
});
afterAll(() => db.stop());

async function admitted(admittedOn = '2024-01-05') {
  const u = useCases();
  const client = await u.registerClient.execute(
    { identity: { fullName: 'Bambang Suryaputra', birthDate: '1990-04-12' }, sex: 'male', regionCode: '31.72.01.1001' },
    officer,
  );
  return u.admit.execute(
    {
      clientId: client.id,
      facilityId,
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'methamphetamine',
      admittedOn,
    },
    officer,
  );
}

async function discharged(outcome: 'completed' | 'dropped_out' = 'completed') {
  const admission = await admitted();
  await useCases().discharge.execute({ admissionId: admission.id, outcome, dischargedOn: '2024-03-01' }, officer);
  return admission.id;
}

const outboxCount = async () => Number((await db.rows<{ n: string }>('select count(*) as n from outbox'))[0]?.n);

/** The rule a refused call names, or 'accepted' when it was not refused. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'accepted';
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== ErrorCode.RuleViolated) throw error;
    return String(error.details?.rule);
  }
}

describe('an admission and its aftercare refuse what the rules forbid, writing nothing', () => {
  it('names each rule a transition breaks and leaves the outbox as it was', async () => {
    const completed = await discharged();
    const dropped = await discharged('dropped_out');
    const open = (await admitted()).id;
    const aftercare = await useCases().startAftercare.execute(
      { admissionId: completed, startedOn: '2024-03-02' },
      officer,
    );
    const before = await outboxCount();
    const u = useCases();

    expect({
      dischargeTwice: await refusal(
        u.discharge.execute({ admissionId: completed, outcome: 'completed', dischargedOn: '2024-03-05' }, officer),
      ),
      dischargeBeforeAdmission: await refusal(
        u.discharge.execute({ admissionId: open, outcome: 'completed', dischargedOn: '2024-01-04' }, officer),
      ),
      aftercareAfterDropOut: await refusal(
        u.startAftercare.execute({ admissionId: dropped, startedOn: '2024-03-02' }, officer),
      ),
      aftercareWhileOpen: await refusal(
        u.startAftercare.execute({ admissionId: open, startedOn: '2024-03-02' }, officer),
      ),
      aftercareTwice: await refusal(
        u.startAftercare.execute({ admissionId: completed, startedOn: '2024-03-03' }, officer),
      ),
      followUpBeforeAftercare: await refusal(
        u.followUp.execute({ aftercareId: aftercare.id, date: '2024-03-01', status: 'abstinent' }, officer),
      ),
    }).toEqual({
      dischargeTwice: 'discharge_only_open',
      dischargeBeforeAdmission: 'discharge_not_before_admission',
      aftercareAfterDropOut: 'aftercare_only_after_completed',
      aftercareWhileOpen: 'aftercare_after_discharge',
      aftercareTwice: 'one_aftercare_per_admission',
      followUpBeforeAftercare: 'follow_up_not_before_aftercare',
    });
    expect(await outboxCount()).toBe(before);

    const another = await discharged();
    const afterSetup = await outboxCount();
    expect(
      await refusal(useCases().startAftercare.execute({ admissionId: another, startedOn: '2024-02-28' }, officer)),
    ).toBe('aftercare_not_before_discharge');
    expect(await outboxCount()).toBe(afterSetup);
  });

  it('refuses a second open admission of one client, and admits again after the discharge', async () => {
    const first = await admitted();
    const again = {
      clientId: first.clientId,
      facilityId,
      program: 'inpatient' as const,
      source: 'voluntary' as const,
      primarySubstance: 'cannabis' as const,
      admittedOn: '2024-02-01',
    };
    expect(await refusal(useCases().admit.execute(again, officer))).toBe('one_open_admission');
    await useCases().discharge.execute(
      { admissionId: first.id, outcome: 'completed', dischargedOn: '2024-01-20' },
      officer,
    );
    expect(await refusal(useCases().admit.execute(again, officer))).toBe('accepted');
  });

  it('writes each change and its event in one transaction', async () => {
    const before = await outboxCount();
    const admission = await admitted();
    const rows = await db.rows<{ subject: string; admission: string }>(
      "select subject, envelope->'payload'->>'admissionId' as admission from outbox order by created_at desc limit 1",
    );
    expect(await outboxCount()).toBe(before + 2); // the client's registration and the admission
    expect(rows[0]).toEqual({ subject: RehabEvents.clientAdmitted.subject, admission: admission.id });
  });

  it("answers an admission outside the officer's region as not found", async () => {
    const admission = await admitted();
    const elsewhere: Principal = { ...officer, sub: 'officer-jambi', region: '15' };
    await expect(
      useCases().discharge.execute(
        { admissionId: admission.id, outcome: 'completed', dischargedOn: '2024-03-01' },
        elsewhere,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
