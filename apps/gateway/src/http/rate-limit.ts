import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from './problem.js';
import { GatewayRedis } from './redis.js';

/** What a caller is told of its limit on every answer (IETF draft RateLimit headers). */
export interface LimitState {
  headers: Record<string, string>;
}

/**
 * Fixed-window counters in Redis, so every gateway replica counts against the same limits: one
 * per address, and one per user once the token is verified. Both are counted in one MULTI, one
 * round trip per request. Redis unreachable: limits fail open rather than turning every request
 * away (docs/operations.md).
 */
@Injectable()
export class RateLimits {
  constructor(
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Counts the request against its address (null: already counted) and its user; throws 429
   * over either limit, else returns the headers to send.
   */
  async check(ip: string | null, user?: string): Promise<LimitState> {
    const windowS = this.config.RATE_LIMIT_WINDOW_S;
    const now = Date.now() / 1000;
    const window = Math.floor(now / windowS);
    const reset = String(Math.max(1, (window + 1) * windowS - Math.floor(now)));
    const buckets = [
      ...(ip !== null
        ? [
            {
              key: this.redis.key('rl', `ip:${ip}`, String(window)),
              limit: this.config.RATE_LIMIT_PER_IP,
              who: 'address',
            },
          ]
        : []),
      ...(user
        ? [
            {
              key: this.redis.key('rl', `user:${user}`, String(window)),
              limit: this.config.RATE_LIMIT_PER_USER,
              who: 'user',
            },
          ]
        : []),
    ];
    if (buckets.length === 0) return { headers: {} };
    let counts: number[];
    try {
      const multi = this.redis.client.multi();
      for (const { key } of buckets) multi.incr(key).expire(key, windowS + 1);
      const results = (await multi.exec()) ?? [];
      counts = buckets.map((_, i) => Number(results[i * 2]?.[1] ?? 0));
    } catch {
      return { headers: {} };
    }
    // The caller is told about the bucket closest to its end (the user's, usually).
    let tightest = 0;
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as (typeof buckets)[number];
      const count = counts[i] ?? 0;
      if (count > bucket.limit) throw tooManyRequests(Number(reset), bucket.who, bucket.limit);
      const left = bucket.limit - count;
      const best = buckets[tightest] as (typeof buckets)[number];
      if (left < best.limit - (counts[tightest] ?? 0)) tightest = i;
    }
    const chosen = buckets[tightest] as (typeof buckets)[number];
    return {
      headers: {
        'ratelimit-limit': String(chosen.limit),
        'ratelimit-remaining': String(Math.max(0, chosen.limit - (counts[tightest] ?? 0))),
        'ratelimit-reset': reset,
      },
    };
  }
}

export function tooManyRequests(retryAfter: number, who: string, limit: number): ProblemError {
  return new ProblemError(
    429,
    ErrorCode.RateLimited,
    `too many requests from this ${who}; try again in ${retryAfter} s`,
    undefined,
    {},
    {
      'retry-after': String(retryAfter),
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(retryAfter),
    },
  );
}
