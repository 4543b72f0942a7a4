import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '@sinergi/runtime/testing';

/** A port free on this machine now (the provider's, known before the gateway that trusts it starts). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * The local OpenID provider (scripts/oidc/provider.mjs) for a browser spec: its port is chosen
 * first, so the stack's gateway can be told its issuer and JWKS (`gatewayEnv`); once the stack
 * runs, `start(origin)` starts the provider for the gateway's origin (its pages' redirect URIs)
 * and waits for its line of JSON; `stop()` ends it.
 */
export async function oidcProvider() {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  return {
    issuer,
    /** What the gateway needs to verify the provider's tokens and send its pages there. */
    gatewayEnv: { JWT_JWKS_URL: `${issuer}/jwks`, JWT_JWKS_ISSUER: issuer, OIDC_SCOPE: 'openid profile sinergi' },
    start(origin: string): Promise<void> {
      const started = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'oidc', 'provider.mjs')], {
        env: { ...process.env, OIDC_PORT: String(port), OIDC_REDIRECT_ORIGINS: origin },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      return new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`the provider did not start: ${output}`)), 15_000);
        started.stdout?.on('data', (chunk) => {
          output += chunk;
          if (output.includes('"issuer"')) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.stderr?.on('data', (chunk) => {
          output += chunk;
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the provider exited (${code}): ${output}`));
        });
      });
    },
    stop() {
      child?.kill('SIGTERM');
    },
  };
}
