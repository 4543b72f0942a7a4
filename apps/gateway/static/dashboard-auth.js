/**
 * Signing in, for the gateway's pages (the dashboard at /dashboard, the report viewer at
 * /reports): OpenID Connect authorization code with PKCE (S256) through oidc-client-ts, at the
 * provider the gateway names (GET /dashboard/config: its issuer, the public client's id and
 * scopes). A page never sees a password and never asks for a token: the provider's login form
 * does the asking, and the access token it issues (a JWT the gateway verifies through the
 * provider's JWKS) is kept in this tab's sessionStorage until it expires or the user signs out,
 * which also ends the provider's session (RP-initiated logout). Both pages use the same client
 * and the same storage key, so one sign-in serves both, and signing out on either ends it.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** What the access token says of its holder, for the header only: the gateway decides everything. */
export function claimsOf(accessToken) {
  try {
    const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

export class Session {
  /**
   * `onEnded(reason)` is called when the token expires ('expired'). `page` is the path the
   * provider sends the browser back to, after a sign-in or a sign-out: one of the redirect URIs
   * the provider knows for this client (`/dashboard`, `/reports`).
   */
  constructor(config, onEnded, page = '/dashboard') {
    this.here = `${window.location.origin}${page}`;
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    this.manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: this.here,
      post_logout_redirect_uri: this.here,
      response_type: 'code',
      userStore: store,
      stateStore: store,
      loadUserInfo: false,
      monitorSession: false,
      automaticSilentRenew: false,
    });
    this.manager.events.addAccessTokenExpired(async () => {
      await this.manager.removeUser();
      onEnded('expired');
    });
  }

  /** The signed-in user, finishing a sign-in if the provider just sent the browser back here. */
  async user() {
    const params = new URLSearchParams(window.location.search);
    if (params.has('code') && params.has('state')) {
      const user = await this.manager.signinRedirectCallback();
      // Back to where the sign-in started (region and year), without the code in the address.
      window.history.replaceState(null, '', `${this.here}${typeof user.state === 'string' ? user.state : ''}`);
      return user;
    }
    if (params.has('error')) {
      window.history.replaceState(null, '', this.here);
      throw new Error(params.get('error_description') || params.get('error'));
    }
    const user = await this.manager.getUser();
    if (user && !user.expired) return user;
    if (user) await this.manager.removeUser();
    return null;
  }

  signIn() {
    return this.manager.signinRedirect({ state: window.location.search });
  }

  /** Forgets the token here and ends the provider's session (its end-session endpoint). */
  signOut() {
    return this.manager.signoutRedirect();
  }

  /** Forgets the token here only (the gateway refused it). */
  forget() {
    return this.manager.removeUser();
  }
}

/**
 * A page's start: reads the provider's settings from the gateway, then shows the signed-in page
 * (`signedIn(user)`) or the sign-in (`signIn(message)`), with `text` giving the page's words for
 * a missing provider, an expired session and a failed sign-in. Returns the session, or undefined
 * when no provider is configured (the sign-in button is then disabled).
 */
export async function startSession({ page, text, signIn, signedIn }) {
  const config = await fetch('/dashboard/config').then((r) => r.json());
  if (!config.issuer) {
    signIn(text().noProvider);
    document.getElementById('sign-in').disabled = true;
    return undefined;
  }
  const session = new Session(config, () => signIn(text().expired), page);
  try {
    const user = await session.user();
    if (user) signedIn(user);
    else signIn();
  } catch (error) {
    signIn(`${text().signInFailed}: ${error.message}`);
  }
  return session;
}
