import { ErrorCode, isWithinRegion, type Principal, type Role } from '@sinergi/contracts';
import { DomainError, notFound } from './errors.js';

/** Reading an object outside the caller's region answers exactly like a missing one. */
export function assertVisible(principal: Principal, regionCode: string, what: string, id: string): void {
  if (!isWithinRegion(regionCode, principal.region)) throw notFound(what, id);
}

/** Writing into a region outside the caller's own is forbidden, naming the field. */
export function assertWritableRegion(principal: Principal, regionCode: string, path = 'regionCode'): void {
  if (!isWithinRegion(regionCode, principal.region)) {
    throw new DomainError(ErrorCode.Forbidden, `${path}: ${regionCode} is outside your region ${principal.region}`, [
      { path, message: `outside your region ${principal.region}` },
    ]);
  }
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** A region filter for lists: the asked region if within scope, else the caller's own. */
export function scopedRegion(principal: Principal, asked: string | undefined): string {
  if (!asked) return principal.region;
  if (!isWithinRegion(asked, principal.region)) {
    throw new DomainError(ErrorCode.Forbidden, `regionCode: ${asked} is outside your region ${principal.region}`, [
      { path: 'regionCode', message: `outside your region ${principal.region}` },
    ]);
  }
  return asked;
}
