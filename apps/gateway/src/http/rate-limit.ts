import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import type { AuthedRequest } from '../auth/roles.js';
import { ProblemError } from './problem.js';
import { GatewayRedis } from './redis.js';

/**
 * Fixed-window counters in Redis, so every gateway replica counts against the same limit.
 * Returns how many seconds until the window ends when the limit is exceeded.
 */
export async function overLimit(
  redis: GatewayRedis,
  bucket: string,
  limit: number,
  windowS: number,
): Promise<number | null> {
  const window = Math.floor(Date.now() / 1000 / windowS);
  const key = redis.key('rl', bucket, String(window));
  let count: unknown;
  try {
    [[, count] = [null, 0]] =
      (await redis.client
        .multi()
        .incr(key)
        .expire(key, windowS + 1)
        .exec()) ?? [];
  } catch {
    // Redis unreachable: limits fail open rather than turning every request away.
    return null;
  }
  if (Number(count) <= limit) return null;
  return Math.max(1, (window + 1) * windowS - Math.floor(Date.now() / 1000));
}

export function tooManyRequests(retryAfter: number, who: string): ProblemError {
  return new ProblemError(
    429,
    ErrorCode.RateLimited,
    `too many requests from this ${who}; try again in ${retryAfter} s`,
    undefined,
    {},
    {
      'retry-after': String(retryAfter),
    },
  );
}

/** Per-user limit, after authentication (the per-IP limit runs earlier, as a request hook). */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  constructor(
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (!request.principal) return true; // public routes
    const retryAfter = await overLimit(
      this.redis,
      `user:${request.principal.sub}`,
      this.config.RATE_LIMIT_PER_USER,
      this.config.RATE_LIMIT_WINDOW_S,
    );
    if (retryAfter !== null) throw tooManyRequests(retryAfter, 'user');
    return true;
  }
}
