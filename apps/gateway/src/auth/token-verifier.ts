import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type Principal, principalRefusal, principalSchema } from '@sinergi/contracts';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';

const VERIFIED_CACHE_SIZE = 10_000;

const unauthenticated = (detail: string) =>
  new ProblemError(401, ErrorCode.Unauthenticated, detail, undefined, {}, { 'www-authenticate': 'Bearer' });

/**
 * Verifies bearer tokens: HS256 with JWT_SECRET locally, RS256 through the issuer's JWKS in
 * production, or both where both are configured (the local stack: its OpenID provider's tokens
 * for people in a browser, local tokens for scripts). Each token is checked against the one key
 * of its algorithm and that key's issuer, so `alg: none`, algorithm swaps and a local token
 * naming the provider fail; issuer and audience are checked wherever they are configured (always
 * in production); a token must expire, within JWT_MAX_LIFETIME_S; and a principal whose roles
 * cross the privacy boundary, or whose agency may not hold a role, is refused (403).
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret?: Uint8Array;
  /**
   * Tokens already verified, until they expire: a client sends the same token on every request,
   * and its signature, claims and refusal rules give the same answer each time. Bounded; the
   * oldest entry goes first.
   */
  private readonly verified = new Map<string, { principal: Principal; untilMs: number }>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    if (config.JWT_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
    if (config.JWT_SECRET) this.secret = new TextEncoder().encode(config.JWT_SECRET);
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9_\-.]{1,8192})$/.exec(authorization ?? '');
    if (!match?.[1]) throw unauthenticated('a bearer token is required');
    const known = this.verified.get(match[1]);
    if (known && known.untilMs > Date.now()) return known.principal;
    if (known) this.verified.delete(match[1]);
    return this.verifyToken(match[1]);
  }

  private async verifyToken(token: string): Promise<Principal> {
    const common = {
      audience: this.config.JWT_AUDIENCE,
      clockTolerance: 5,
      requiredClaims: ['exp'],
      maxTokenAge: this.config.JWT_MAX_LIFETIME_S,
    };
    let claims: Record<string, unknown>;
    try {
      const alg = this.secret && this.jwks ? decodeProtectedHeader(token).alg : undefined;
      const result =
        this.jwks && alg !== 'HS256'
          ? await jwtVerify(token, this.jwks, {
              ...common,
              issuer: this.config.JWT_JWKS_ISSUER ?? this.config.JWT_ISSUER,
              algorithms: ['RS256'],
            })
          : await jwtVerify(token, this.secret as Uint8Array, {
              ...common,
              issuer: this.config.JWT_ISSUER,
              algorithms: ['HS256'],
            });
      claims = result.payload;
    } catch (error) {
      throw unauthenticated(`the token is not valid: ${(error as Error).message}`);
    }
    const lifetime = Number(claims.exp) - Math.floor(Date.now() / 1000);
    if (lifetime > this.config.JWT_MAX_LIFETIME_S) {
      throw unauthenticated(`the token lives longer than the ${this.config.JWT_MAX_LIFETIME_S} s this gateway allows`);
    }
    const principal = principalSchema.safeParse(claims);
    if (!principal.success) {
      throw unauthenticated('the token lacks the claims sub, agency, roles and region, or they are malformed');
    }
    const refusal = principalRefusal(principal.data, this.config.ROLE_AGENCIES);
    if (refusal) throw new ProblemError(403, ErrorCode.Forbidden, `this token is refused: ${refusal}`);
    // Valid until it expires, or until it is older than the longest age allowed, if sooner.
    const issuedAt = typeof claims.iat === 'number' ? claims.iat : Number.POSITIVE_INFINITY;
    const untilMs = Math.min(Number(claims.exp), issuedAt + this.config.JWT_MAX_LIFETIME_S) * 1000;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { principal: principal.data, untilMs });
    return principal.data;
  }
}
