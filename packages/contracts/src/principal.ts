import { z } from 'zod';
import { text } from './common.js';
import { regionCodeSchema } from './regions.js';

export const AGENCIES = ['BNN', 'POLRI', 'PEMDA', 'KEMENKES'] as const;
export const ROLES = ['rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified token's claims, passed from the gateway with every request. */
export const principalSchema = z.object({
  /** The identity provider's subject: written to audit rows, so it must be storable text. */
  sub: text(255, { min: 1 }),
  agency: z.enum(AGENCIES),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  region: regionCodeSchema,
});
export type Principal = z.infer<typeof principalSchema>;

/**
 * Which agencies may hold which role. Treatment is given by BNN clinics, health-ministry
 * hospitals and local-government puskesmas; enforcement is BNN's eradication section and the
 * police. A token whose agency may not hold one of its roles is refused at the gateway.
 * Deployments may narrow or widen this with ROLE_AGENCIES (apps/gateway/src/config.ts).
 */
export const ROLE_AGENCIES: Readonly<Record<Role, readonly Agency[]>> = {
  rehab_officer: ['BNN', 'KEMENKES', 'PEMDA'],
  enforcement_officer: ['BNN', 'POLRI'],
  prevention_officer: ['BNN', 'PEMDA'],
  analyst: ['BNN', 'POLRI', 'PEMDA', 'KEMENKES'],
  admin: ['BNN', 'POLRI', 'PEMDA', 'KEMENKES'],
};
export type Agency = (typeof AGENCIES)[number];
export type RoleAgencies = Readonly<Record<Role, readonly Agency[]>>;

/**
 * Role pairs no one person may hold: whoever investigates suspects must not also read rehab
 * clients' identities and clinical notes (the privacy boundary, docs/security.md).
 */
export const EXCLUSIVE_ROLES: ReadonlyArray<readonly [Role, Role]> = [['enforcement_officer', 'rehab_officer']];

/** `rehab_officer=BNN|KEMENKES;enforcement_officer=POLRI` over the defaults; throws on an unknown name. */
export function parseRoleAgencies(value: string | undefined): RoleAgencies {
  const table: Record<Role, readonly Agency[]> = { ...ROLE_AGENCIES };
  for (const entry of (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [role, agencies = ''] = entry.split('=');
    if (!ROLES.includes(role as Role)) throw new Error(`unknown role "${role}"`);
    const list = agencies
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const agency of list) if (!AGENCIES.includes(agency as Agency)) throw new Error(`unknown agency "${agency}"`);
    table[role as Role] = list as Agency[];
  }
  return table;
}

/** Why a principal may not act at all (roles that cross the boundary, an agency outside its role), or null. */
export function principalRefusal(principal: Principal, table: RoleAgencies = ROLE_AGENCIES): string | null {
  for (const [a, b] of EXCLUSIVE_ROLES) {
    if (principal.roles.includes(a) && principal.roles.includes(b))
      return `the roles ${a} and ${b} may not be held together`;
  }
  for (const role of principal.roles) {
    if (!table[role].includes(principal.agency)) return `the agency ${principal.agency} may not hold the role ${role}`;
  }
  return null;
}

/**
 * Whether a caller may read a client's identity: a rehab officer of an agency that treats, and
 * nobody who also holds an enforcement role. Rehab checks this itself, whatever the gateway did.
 */
export function mayReadIdentity(principal: Principal): boolean {
  return principal.roles.includes('rehab_officer') && principalRefusal(principal) === null;
}
