import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type Principal } from '@sinergi/contracts';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from './problem.js';
import { GatewayRedis } from './redis.js';

const TTL_SECONDS = 24 * 60 * 60;
/** A claim left by a gateway that died mid-request frees itself after this long. */
const PENDING_TTL_SECONDS = 120;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The first answer, as the client got it. */
export interface Answer {
  status?: number;
  body?: unknown;
  problem?: ReturnType<ProblemError['toProblem']>;
  headers?: Record<string, string>;
}

/** What Redis holds: a keyed fingerprint of the request and the answer sealed, never either in clear. */
interface Stored {
  state: 'pending' | 'done';
  fingerprint: string;
  sealed?: string;
}

/**
 * Seals answers with AES-256-GCM under a key derived from the gateway's own signing key, so
 * Redis (which reporting shares) never holds an identity, a clinical note or any answer in clear;
 * request fingerprints are HMACs, so a guessed body cannot be confirmed against them either.
 */
class AnswerSeal {
  private readonly key: Buffer;

  constructor(signingKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', signingKey, 'sinergi', 'idempotency answers v1', 32));
  }

  fingerprint(...parts: Array<string | Uint8Array>): string {
    const hmac = createHmac('sha256', this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest('base64url');
  }

  seal(answer: Answer, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(aad));
    const data = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  /** The answer, or undefined when it was sealed under another key (the signing key rotated). */
  open(sealed: string, aad: string): Answer | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12)).setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

/** What a request's body is, for its fingerprint: JSON as parsed, a file as its bytes (hashed as they are). */
function bodyBytes(body: unknown): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return JSON.stringify(body ?? null);
}

/**
 * `Idempotency-Key` on writes, kept in Redis for 24 h per user: a repeat gets the first answer
 * (status and body, success or 4xx); the same key with another method, path or body is 422; a
 * repeat while the first is still running is 409. A 5xx is not kept, so the client may retry.
 */
@Injectable()
export class Idempotency {
  private readonly seal: AnswerSeal;

  constructor(
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.seal = new AnswerSeal(config.CALLER_SIGNING_KEY);
  }

  /** Runs `work` once per key; a request without the header just runs it. */
  async run(
    request: FastifyRequest,
    principal: Principal,
    status: number,
    work: () => Promise<unknown>,
  ): Promise<{ body: unknown; replayed: boolean }> {
    const header = request.headers['idempotency-key'];
    if (!WRITES.has(request.method) || header === undefined) return { body: await work(), replayed: false };
    const idempotencyKey = Array.isArray(header) ? header[0] : header;
    if (!idempotencyKey || !KEY_PATTERN.test(idempotencyKey)) {
      throw ProblemError.validation([{ path: 'Idempotency-Key', message: 'must be 1–128 letters, digits or ._:-' }]);
    }
    const key = this.redis.key('idem', principal.sub, idempotencyKey);
    const fingerprint = this.seal.fingerprint(`${request.method} ${request.url}\n`, bodyBytes(request.body));
    const existing = await this.claim(key, fingerprint);
    if (existing) return { body: this.replay(existing, key, fingerprint), replayed: true };
    let body: unknown;
    try {
      body = await work();
    } catch (error) {
      const problem = error instanceof ProblemError ? error : undefined;
      if (problem && problem.status < 500) {
        await this.store(key, fingerprint, {
          status: problem.status,
          problem: problem.toProblem(),
          headers: problem.headers,
        });
      } else {
        await this.redis.client.del(key).catch(() => undefined);
      }
      throw error;
    }
    await this.store(key, fingerprint, { status, body });
    return { body, replayed: false };
  }

  /** Takes the key for this request, or returns what an earlier request with it left. */
  private async claim(key: string, fingerprint: string): Promise<Stored | null> {
    const pending: Stored = { state: 'pending', fingerprint };
    const taken = await this.redis.client.set(key, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (taken === 'OK') return null;
    const raw = await this.redis.client.get(key);
    return raw ? (JSON.parse(raw) as Stored) : null;
  }

  private async store(key: string, fingerprint: string, answer: Answer): Promise<void> {
    const stored: Stored = { state: 'done', fingerprint, sealed: this.seal.seal(answer, key) };
    await this.redis.client.set(key, JSON.stringify(stored), 'EX', TTL_SECONDS);
  }

  /** The first answer's body, or the first answer's problem thrown again. */
  private replay(stored: Stored, key: string, fingerprint: string): unknown {
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
        { 'retry-after': '1' },
      );
    }
    const answer = stored.sealed ? this.seal.open(stored.sealed, key) : undefined;
    if (!answer) {
      // Sealed under a signing key since rotated: the request was processed, but its answer is
      // gone. Doing it again could write twice, so the client is told, not served a second write.
      throw new ProblemError(
        409,
        ErrorCode.Conflict,
        'a request with this Idempotency-Key was already processed; its answer is no longer available',
      );
    }
    if (answer.problem) {
      const p = answer.problem;
      throw new ProblemError(
        p.status,
        p.code,
        p.detail,
        p.errors,
        {},
        {
          ...(answer.headers ?? {}),
          'idempotent-replay': 'true',
        },
      );
    }
    return answer.body;
  }
}
