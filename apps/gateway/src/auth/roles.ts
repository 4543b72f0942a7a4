import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type Principal, type Role } from '@sinergi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../http/problem.js';
import { RateLimits } from '../http/rate-limit.js';
import { TokenVerifier } from './token-verifier.js';

const ROLES = 'sinergi:roles';
const PUBLIC = 'sinergi:public';

/** The roles that may call a route. A route without @Roles or @Public is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * For the gateway's own routes (the forwarded ones check the same in http/routes.ts). Deny by
 * default: authenticate, require one of the route's declared roles, count the user's limit (the
 * address was counted when the request arrived).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.verifier.verify(request.headers.authorization);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles || !principal.roles.some((role) => roles.includes(role))) {
      throw new ProblemError(
        403,
        ErrorCode.Forbidden,
        `this route needs one of the roles: ${(roles ?? []).join(', ') || '(none)'}`,
      );
    }
    request.principal = principal;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.headers((await this.limits.check(null, principal.sub)).headers);
    return true;
  }
}

export function principalOf(request: AuthedRequest): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}
