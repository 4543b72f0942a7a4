/** OAuth2 client credentials (RFC 6749 §4.4): how a system, not a person, gets its own token. */
export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Sent as `audience` when the issuer needs it to pick the API the token is for. */
  audience?: string;
}

/** Where the bearer token comes from: a fixed token, a function of the caller's own, or client credentials. */
export type TokenSource = string | (() => string | Promise<string>) | ClientCredentials;

export interface TokenProvider {
  /** The token for the next request. */
  token(): Promise<string>;
  /**
   * Forgets `token` after the API refused it (401), unless a newer one already replaced it;
   * true when asking again can bring a fresh one.
   */
  invalidate(token: string): boolean;
}

/** The token endpoint refused or answered something that is not a token. */
export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    message: string,
    readonly status: number,
    /** The OAuth2 `error` code (`invalid_client`…), when the endpoint gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A cached token is renewed this long before it expires, so no request carries one that lapses in flight. */
const EXPIRY_MARGIN_MS = 30_000;

export function tokenProvider(
  source: TokenSource,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): TokenProvider {
  if (typeof source === 'string') return { token: async () => source, invalidate: () => false };
  if (typeof source === 'function') return { token: async () => source(), invalidate: () => false };
  return clientCredentials(source, fetchImpl, now);
}

/** Client credentials: one token fetched at a time, kept until shortly before it expires. */
function clientCredentials(credentials: ClientCredentials, fetchImpl: typeof fetch, now: () => number): TokenProvider {
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const requestedAt = now();
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (credentials.scope) form.set('scope', credentials.scope);
    if (credentials.audience) form.set('audience', credentials.audience);
    // client_secret_basic: id and secret form-encoded, then base64 (RFC 6749 §2.3.1).
    const basic = btoa(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`);
    const response = await fetchImpl(credentials.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const code = typeof body.error === 'string' ? body.error : undefined;
      const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
      throw new TokenError(
        `token endpoint answered ${response.status}${code ? ` ${code}` : ''}${description}`,
        response.status,
        code,
      );
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new TokenError('token endpoint answered without an access_token', response.status);
    }
    // A token without a known lifetime is used for this request only.
    const lifetimeMs =
      (typeof body.expires_in === 'number' ? body.expires_in * 1000 : jwtLifetimeMs(body.access_token, requestedAt)) ??
      0;
    cached = {
      token: body.access_token,
      renewAt: requestedAt + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && now() < cached.renewAt) return cached.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
      return true;
    },
  };
}

/** The ms until a JWT's `exp`, for a token endpoint that leaves out `expires_in`. */
function jwtLifetimeMs(token: string, now: number): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const binary = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 - now : undefined;
  } catch {
    return undefined;
  }
}
