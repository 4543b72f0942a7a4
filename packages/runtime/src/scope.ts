import { ErrorCode, isWithinRegion, type Principal, type Role } from '@sinergi/contracts';
import { DomainError, notFound } from './errors.js';

/** Reading an object outside the caller's region answers exactly like a missing one. */
export function assertVisible(principal: Principal, regionCode: string, what: string, id: string): void {
  if (!isWithinRegion(regionCode, principal.region)) throw notFound(what, id);
}

/**
 * A region outside the caller's own does not exist for them: a request outside the caller's
 * region answers 404, exactly as for an id that does not exist (docs/architecture.md, "The
 * gateway"); the field is named.
 */
function outsideRegion(principal: Principal, regionCode: string, path: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `${path}: region ${regionCode} was not found`, [
    { path, message: `not found in your region ${principal.region}` },
  ]);
}

/** Writing into a region outside the caller's own answers like a region that does not exist. */
export function assertWritableRegion(principal: Principal, regionCode: string, path = 'regionCode'): void {
  if (!isWithinRegion(regionCode, principal.region)) throw outsideRegion(principal, regionCode, path);
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** A region filter for lists: the asked region if within scope, else the caller's own. */
export function scopedRegion(principal: Principal, asked: string | undefined): string {
  if (!asked) return principal.region;
  if (!isWithinRegion(asked, principal.region)) throw outsideRegion(principal, asked, 'regionCode');
  return asked;
}
