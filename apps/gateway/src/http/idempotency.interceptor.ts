import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@sinergi/contracts';
import { catchError, from, mergeMap, type Observable, of, throwError } from 'rxjs';
import type { AuthedRequest } from '../auth/roles.js';
import { ProblemError } from './problem.js';
import { GatewayRedis } from './redis.js';

const TTL_SECONDS = 24 * 60 * 60;
/** A claim left by a gateway that died mid-request frees itself after this long. */
const PENDING_TTL_SECONDS = 120;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Stored {
  state: 'pending' | 'done';
  fingerprint: string;
  status?: number;
  body?: unknown;
  problem?: ReturnType<ProblemError['toProblem']>;
  headers?: Record<string, string>;
}

/**
 * `Idempotency-Key` on writes, kept in Redis for 24 h per user: a repeat gets the first answer
 * (status and body, success or 4xx); the same key with another method, path or body is 422; a
 * repeat while the first is still running is 409. A 5xx is not kept, so the client may retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly redis: GatewayRedis,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers['idempotency-key'];
    if (!WRITES.has(request.method) || header === undefined || !request.principal) return next.handle();
    const idempotencyKey = Array.isArray(header) ? header[0] : header;
    if (!idempotencyKey || !KEY_PATTERN.test(idempotencyKey)) {
      throw ProblemError.validation([{ path: 'Idempotency-Key', message: 'must be 1–128 letters, digits or ._:-' }]);
    }
    const key = this.redis.key('idem', request.principal.sub, idempotencyKey);
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.OK;

    return from(this.claim(key, fingerprint)).pipe(
      mergeMap((existing) => {
        if (existing) return this.replay(existing, fingerprint, context);
        return next.handle().pipe(
          mergeMap((body) =>
            from(this.store(key, { state: 'done', fingerprint, status, body })).pipe(mergeMap(() => of(body))),
          ),
          catchError((error: unknown) => {
            const problem = error instanceof ProblemError ? error : undefined;
            const kept =
              problem && problem.status < 500
                ? this.store(key, {
                    state: 'done',
                    fingerprint,
                    status: problem.status,
                    problem: problem.toProblem(),
                    headers: problem.headers,
                  })
                : this.redis.client.del(key);
            return from(kept).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  /** Takes the key for this request, or returns what an earlier request with it left. */
  private async claim(key: string, fingerprint: string): Promise<Stored | null> {
    const pending: Stored = { state: 'pending', fingerprint };
    const taken = await this.redis.client.set(key, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (taken === 'OK') return null;
    const raw = await this.redis.client.get(key);
    return raw ? (JSON.parse(raw) as Stored) : null;
  }

  private async store(key: string, value: Stored): Promise<void> {
    await this.redis.client.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
  }

  private replay(stored: Stored, fingerprint: string, context: ExecutionContext): Observable<unknown> {
    if (stored.fingerprint !== fingerprint) {
      throw new ProblemError(422, ErrorCode.Unprocessable, 'this Idempotency-Key was used with a different request', [
        { path: 'Idempotency-Key', message: 'already used with another method, path or body' },
      ]);
    }
    if (stored.state === 'pending') {
      throw new ProblemError(
        409,
        ErrorCode.Conflict,
        'a request with this Idempotency-Key is still being processed',
        undefined,
        {},
        {
          'retry-after': '1',
        },
      );
    }
    const reply = context.switchToHttp().getResponse();
    reply.header('idempotent-replay', 'true');
    if (stored.problem) {
      const p = stored.problem;
      throw new ProblemError(
        p.status,
        p.code,
        p.detail,
        p.errors,
        {},
        { ...(stored.headers ?? {}), 'idempotent-replay': 'true' },
      );
    }
    return of(stored.body);
  }
}
