import { TEST_AUDIENCE, TEST_ISSUER } from '@sinergi/runtime/testing';
import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export async function token(
  claims: { roles: string[]; region: string; agency?: string; sub?: string },
  secret = TEST_JWT_SECRET,
): Promise<string> {
  return new SignJWT({ agency: claims.agency ?? 'BNN', roles: claims.roles, region: claims.region })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'tester')
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
  ms: number;
}

/** A small HTTP client for the gateway: JSON in and out, with a bearer token. */
export function client(baseUrl: () => string) {
  return async function api(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const started = Date.now();
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined
          ? {
              'content-type':
                typeof options.body === 'string' && options.body.includes('\n') ? 'text/csv' : 'application/json',
            }
          : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string' && options.body.includes('\n')
            ? options.body
            : JSON.stringify(options.body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, body, headers: response.headers, ms: Date.now() - started };
  };
}
