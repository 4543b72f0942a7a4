// Starts Sinergi's broker (nats-server with the shipped permissions), applies the migrations,
// starts the local sign-in (scripts/oidc/provider.mjs, the demo's users) and the five services
// against PostgreSQL and Redis on localhost, loads the demo data, and stops everything on Ctrl-C.
// `npm run stack` runs the infrastructure check and the build first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { devSecrets, envFor, ROOT } from './dev-env.mjs';
import { DEMO_PASSWORD, DEMO_USERS } from './oidc/users.mjs';
import { SERVICES } from './services.mjs';

const { LOCAL_NATS_URL, serviceProcessEnv, writeBrokerConfig } = await import('@sinergi/runtime');
const natsUrl = process.env.NATS_URL ?? LOCAL_NATS_URL;
const natsPort = Number(new URL(natsUrl).port);
// The local stack loads ~22,000 demo records through the gateway: the production rate limits
// (600/min per user) would stretch that to a quarter of an hour. Set them to test the limits.
const demoLimits = { RATE_LIMIT_PER_USER: '100000', RATE_LIMIT_PER_IP: '100000' };
const env = { ...process.env, NATS_URL: natsUrl };
const ports = {
  gateway: Number(env.PORT ?? 3000),
  rehab: Number(env.REHAB_PORT ?? 3001),
  enforcement: Number(env.ENFORCEMENT_PORT ?? 3002),
  prevention: Number(env.PREVENTION_PORT ?? 3003),
  reporting: Number(env.REPORTING_PORT ?? 3004),
};
// The local OpenID provider people sign in at; the gateway verifies its tokens through its JWKS
// and, for scripts (`npm run token`, the demo loader), local HS256 tokens too.
const oidcPort = Number(env.OIDC_PORT ?? 3100);
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
const oidcGateway = {
  JWT_JWKS_URL: `${oidcIssuer}/jwks`,
  JWT_JWKS_ISSUER: oidcIssuer,
  OIDC_SCOPE: 'openid profile sinergi',
};
const started = Date.now();
const children = new Map();
let stopping = false;
let demo;

function prefixLines(name, stream, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`${name.padEnd(11)} | ${line}\n`);
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sinergi's own broker: the permissions every deployment ships, the clone's nkeys, a store that persists. */
async function startBroker() {
  if (await portOpen(natsPort)) {
    console.error(`port ${natsPort} is taken: stop what listens there, or set NATS_URL to Sinergi's broker`);
    process.exit(1);
  }
  const binary = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((path) => existsSync(path)) ?? 'nats-server';
  const dir = join(ROOT, '.sinergi', 'nats');
  const config = writeBrokerConfig(dir, ROOT, {
    port: natsPort,
    storeDir: join(dir, 'store'),
    serverName: 'sinergi-local',
  });
  const child = spawn(binary, ['-c', config], {
    env: { ...process.env, ...(await envFor('nats')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines('nats', child.stdout, process.stdout);
  prefixLines('nats', child.stderr, process.stderr);
  watch('nats', child);
  const deadline = Date.now() + 15_000;
  while (!(await portOpen(natsPort))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      console.error('the broker did not start within 15 s');
      stop(1);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function watch(name, child) {
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the stack`);
      stop(1);
    } else if (children.size === 1 && children.has('nats')) {
      children.get('nats').kill('SIGTERM'); // the broker goes last, once the services have drained
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
}

/** The demo's sign-in: scripts/oidc/provider.mjs, for the pages at the gateway's origins. */
async function startOidc() {
  if (await portOpen(oidcPort)) {
    console.error(`port ${oidcPort} is taken: stop what listens there, or set OIDC_PORT`);
    stop(1);
    return;
  }
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'oidc', 'provider.mjs')], {
    env: {
      ...process.env,
      OIDC_PORT: String(oidcPort),
      OIDC_ISSUER: oidcIssuer,
      OIDC_REDIRECT_ORIGINS: `http://127.0.0.1:${ports.gateway},http://localhost:${ports.gateway}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines('oidc', child.stdout, process.stdout);
  prefixLines('oidc', child.stderr, process.stderr);
  watch('oidc', child);
  const deadline = Date.now() + 15_000;
  while (!(await portOpen(oidcPort))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      console.error('the sign-in did not start within 15 s');
      stop(1);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startServices() {
  for (const service of SERVICES) {
    const own = await envFor(service);
    const child = spawn(process.execPath, [join(ROOT, 'apps', service, 'dist', 'main.js')], {
      env: {
        ...own,
        ...(service === 'gateway' ? { ...demoLimits, ...oidcGateway } : {}),
        ...env,
        // NODE_OPTIONS and MALLOC_ARENA_MAX of every service process (packages/runtime/src/node-options.ts).
        ...serviceProcessEnv(env),
        PORT: String(ports[service]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(service, child.stdout, process.stdout);
    prefixLines(service, child.stderr, process.stderr);
    watch(service, child);
  }
}

async function waitReady() {
  const deadline = Date.now() + 60_000;
  const pending = new Set(SERVICES);
  while (pending.size > 0 && Date.now() < deadline && !stopping) {
    for (const service of [...pending]) {
      try {
        const response = await fetch(`http://127.0.0.1:${ports[service]}/health/ready`);
        if (response.ok) pending.delete(service);
      } catch {}
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 250));
  }
  if (pending.size > 0) {
    console.error(`not ready after 60 s: ${[...pending].join(', ')}`);
    stop(1);
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nSinergi is up in ${seconds} s: gateway on http://127.0.0.1:${ports.gateway}`);
  const analysts = DEMO_USERS.filter((u) => u.roles.includes('analyst')).map((u) => `${u.username} (${u.region})`);
  console.log(
    `Sign in at http://127.0.0.1:${ports.gateway}/dashboard as ${analysts.join(', ')}; password ${DEMO_PASSWORD}`,
  );
  console.log('For scripts, a local token: npm run token -- --role rehab_officer --region 31.72 --agency BNN\n');
  // The demo data set (scripts/demo.mjs), once per database; SINERGI_DEMO=0 skips it.
  if (env.SINERGI_DEMO !== '0' && !stopping) {
    demo = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], {
      env: { ...(await envFor('demo')), ...env, GATEWAY_URL: `http://127.0.0.1:${ports.gateway}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines('demo', demo.stdout, process.stdout);
    prefixLines('demo', demo.stderr, process.stderr);
  }
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (demo?.exitCode === null) demo.kill('SIGTERM');
  for (const [name, child] of children) if (name !== 'nats' || children.size === 1) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 10_000).unref();
  if (children.size === 0) process.exit(code);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

await devSecrets();
await startBroker();
// Databases and streams: the migrate step, the only one with admin credentials.
const migrated = spawnSync(process.execPath, [join(ROOT, 'scripts', 'migrate.mjs')], { env, stdio: 'inherit' });
if (migrated.status !== 0) {
  console.error('migrate failed; stopping');
  stop(1);
} else if (!stopping) {
  await startOidc();
  if (!stopping) await startServices();
  await waitReady();
}
