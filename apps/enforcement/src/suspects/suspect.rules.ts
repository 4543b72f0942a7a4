import type { AgeBand, Recommendation, SuspectStatus } from '@sinergi/contracts';

/** The reporting age band: 0-14, then five-year bands, then 60+ (the same bands rehab reports). */
export function ageBand(age: number): AgeBand {
  if (age < 15) return '0-14';
  if (age >= 60) return '60+';
  const low = Math.floor(age / 5) * 5;
  return `${low}-${low + 4}` as AgeBand;
}

/** A rehab recommendation refers the suspect to rehabilitation; otherwise the case goes on in court. */
export function statusAfterRecommendation(recommendation: Recommendation): SuspectStatus {
  return recommendation === 'legal_process' ? 'legal_process' : 'referred_to_rehab';
}
