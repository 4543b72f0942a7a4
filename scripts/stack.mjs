// Starts the five services against PostgreSQL, NATS and Redis on localhost and stops them on Ctrl-C.
// `npm run stack` runs the infrastructure check and the migrations first.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { localEnv, ROOT } from './dev-env.mjs';
import { SERVICES } from './services.mjs';

// The local stack loads ~22,000 demo records through the gateway: the production rate limits
// (600/min per user) would stretch that to a quarter of an hour. Set them to test the limits.
const env = { RATE_LIMIT_PER_USER: '100000', RATE_LIMIT_PER_IP: '100000', ...localEnv() };
const ports = {
  gateway: Number(env.PORT ?? 3000),
  rehab: Number(env.REHAB_PORT ?? 3001),
  enforcement: Number(env.ENFORCEMENT_PORT ?? 3002),
  prevention: Number(env.PREVENTION_PORT ?? 3003),
  reporting: Number(env.REPORTING_PORT ?? 3004),
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

for (const service of SERVICES) {
  const child = spawn(process.execPath, [join(ROOT, 'apps', service, 'dist', 'main.js')], {
    env: { ...env, PORT: String(ports[service]) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(service, child.stdout, process.stdout);
  prefixLines(service, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      console.error(`${service} exited (${signal ?? code}); stopping the stack`);
      stop(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(service, child);
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
  console.log('Get a token with: npm run token -- --role rehab_officer --region 31.72 --agency BNN\n');
  // The demo data set (scripts/demo.mjs), once per database; SINERGI_DEMO=0 skips it.
  if (env.SINERGI_DEMO !== '0' && !stopping) {
    demo = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], {
      env: { ...env, GATEWAY_URL: `http://127.0.0.1:${ports.gateway}` },
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
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 10_000).unref();
  if (children.size === 0) process.exit(code);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
await waitReady();
