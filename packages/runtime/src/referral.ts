import { createHmac } from 'node:crypto';

/**
 * The reference that links a TAT-referred admission to its integrated assessment, for reporting's
 * "referred users admitted within 14 days". Rehab publishes it instead of enforcement's
 * assessment id, so an event that names a client never names a suspect's assessment: whoever
 * lacks the key (enforcement does) cannot join a suspect to a client's later journey. Rehab and
 * reporting hold the key (REFERRAL_LINK_KEY); docs/security.md explains the choice.
 */
export class ReferralLink {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('REFERRAL_LINK_KEY must be 32 bytes, base64-encoded');
  }

  of(assessmentId: string): string {
    return createHmac('sha256', this.key).update(`referral:${assessmentId.toLowerCase()}`).digest('base64url');
  }
}
