/**
 * No cluster runs on the development and CI machines, so every manifest under deploy/ is checked
 * offline: against the Kubernetes OpenAPI schema of its kind (the validators the
 * `kubernetes-models` package ships), and against the rules Sinergi relies on beyond one machine:
 * probes, non-root, limits, the 3-node JetStream cluster with R3 streams, the migrate Job,
 * environment names that the code actually reads, and the security posture: one Secret per
 * process, the admin credentials in the migrate Job only, TLS and nkeys to NATS, and nats-server
 * running exactly the permissions the code renders (deploy/base/nats-auth.conf).
 */
import { isIP } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import * as k8s from 'kubernetes-models';
import { parse, parseAllDocuments } from 'yaml';
import { gatewayEnvSchema, gatewaySecrets } from '../../apps/gateway/src/config.js';
import { REHAB_SECRETS, rehabEnvSchema } from '../../apps/rehab/src/config.js';
import { REPORTING_SECRETS, reportingEnvSchema } from '../../apps/reporting/src/config.js';
import { BROKER_USERS, nkeyVariable, renderAuthConfig } from '../../packages/runtime/src/broker/permissions.js';
import {
  MIGRATE_SECRETS,
  migrateEnvSchema,
  SERVICE_SECRETS,
  serviceEnvSchema,
} from '../../packages/runtime/src/config.js';
import { streamReplicas } from '../../packages/runtime/src/nats.js';
import { productionSecretProblems } from '../../packages/runtime/src/secrets.js';
import { MIGRATING_SERVICES, SERVICES } from '../../scripts/services.mjs';
import { describeAuthConf, describeServerConf, FORBIDDEN_SERVER_KEYS } from './nats-conf.js';

const root = join(import.meta.dirname, '..', '..');
const deployDir = join(root, 'deploy');

type Manifest = any;
interface Doc {
  file: string;
  index: number;
  manifest: Manifest;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const files = yamlFiles(deployDir).map((path) => relative(deployDir, path));
const kustomizationFiles = files.filter((f) => f.endsWith('kustomization.yaml'));
const yamlDocs: Doc[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(deployDir, file), 'utf8')).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file}#${index}: ${document.errors[0]?.message}`);
    const manifest = document.toJS();
    return manifest ? [{ file, index, manifest }] : [];
  }),
);

/**
 * The ConfigMaps a kustomization's configMapGenerator makes, as kustomize builds them: one key per
 * file (`key=path`, or the file's name), the file's bytes as the value, the generator's labels.
 * kustomize also appends a content hash to the name and rewrites references to it; the checks
 * below use the generator's name, as the manifests do. Anything else a generator can take
 * (envs, literals, behaviors) is refused here, so it cannot slip past unchecked.
 */
function generatedConfigMaps(kustomizationFile: string): Doc[] {
  const kustomization = parse(readFileSync(join(deployDir, kustomizationFile), 'utf8'));
  return (kustomization.configMapGenerator ?? []).map((generator: Manifest, index: number) => {
    const unknown = Object.keys(generator).filter((k) => !['name', 'files', 'options'].includes(k));
    if (unknown.length > 0) throw new Error(`${kustomizationFile}: configMapGenerator ${unknown} is not checked`);
    const data = Object.fromEntries(
      (generator.files as string[]).map((entry) => {
        const [key, path] = entry.includes('=') ? (entry.split('=') as [string, string]) : [basename(entry), entry];
        return [key, readFileSync(join(deployDir, dirname(kustomizationFile), path), 'utf8')];
      }),
    );
    const labels = generator.options?.labels;
    return {
      file: kustomizationFile,
      index: 1000 + index,
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator.name, ...(labels ? { labels } : {}) },
        data,
      },
    };
  });
}
/** The files generators read, relative to deploy/. */
const generatorInputs = kustomizationFiles.flatMap((k) =>
  ((parse(readFileSync(join(deployDir, k), 'utf8')).configMapGenerator ?? []) as Manifest[]).flatMap((g) =>
    (g.files as string[]).map((entry) =>
      join(dirname(k), entry.includes('=') ? (entry.split('=')[1] as string) : entry),
    ),
  ),
);
const docs: Doc[] = [...yamlDocs, ...kustomizationFiles.flatMap(generatedConfigMaps)];
/** The Secrets' shape: deploy/base/secrets.example.yaml (applied by nobody; their real values come from a store). */
const exampleSecrets = yamlDocs.filter((d) => d.file === 'base/secrets.example.yaml').map((d) => d.manifest);
const all = (kind: string) => docs.filter((d) => d.manifest.kind === kind).map((d) => d.manifest);
const one = (kind: string, name: string) => {
  const found = all(kind).filter((m) => m.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
};

/** Not Kubernetes API kinds: kustomize's own file and the Prometheus Operator's CRD, checked below. */
const NON_CORE = new Set(['kustomize.config.k8s.io/v1beta1/Kustomization', 'monitoring.coreos.com/v1/PrometheusRule']);

/** The model class of an apiVersion and kind: `apps/v1` Deployment -> k8s.apps.v1.Deployment. */
function modelFor(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const key = group ? group.replace(/\.([a-z0-9])/gi, (_, c: string) => c.toUpperCase()) : 'v1';
  const models = k8s as any;
  const namespace = group ? models[key]?.[version as string] : models.v1;
  return namespace?.[kind];
}

/** The schema errors of one manifest, empty when it conforms. */
function schemaErrors(manifest: Manifest): string[] {
  const Model = modelFor(manifest.apiVersion, manifest.kind);
  if (!Model) return [`no Kubernetes schema for ${manifest.apiVersion} ${manifest.kind}`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const containerOf = (workload: Manifest) => workload.spec.template.spec.containers[0];
const envValue = (container: Manifest, name: string) =>
  container.env?.find((e: { name: string }) => e.name === name)?.value;

/** Every variable name a container gets: `env`, and the keys of the ConfigMaps and Secrets it takes whole. */
function envNames(container: Manifest): Set<string> {
  const names = new Set<string>((container.env ?? []).map((e: { name: string }) => e.name));
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef ? ['ConfigMap', source.configMapRef] : ['Secret', source.secretRef];
    const object = one(kind, ref.name);
    for (const key of Object.keys({ ...object.data, ...object.stringData })) names.add(key);
  }
  return names;
}

/** Keys of a zod object schema, and which of them have no default (must be set). */
function schemaKeys(schema: Manifest): { all: Set<string>; required: Set<string> } {
  const shape = schema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const keys = Object.keys(shape);
  return { all: new Set(keys), required: new Set(keys.filter((k) => !shape[k]?.safeParse(undefined).success)) };
}

const codeSchemas: Record<string, Manifest> = {
  gateway: gatewayEnvSchema,
  rehab: rehabEnvSchema,
  enforcement: serviceEnvSchema('enforcement'),
  prevention: serviceEnvSchema('prevention'),
  reporting: reportingEnvSchema,
};
/** What each service must bring in production (the code's own lists; exit 78 without them). */
const productionSecrets: Record<string, readonly string[]> = {
  gateway: gatewaySecrets({}),
  rehab: REHAB_SECRETS,
  enforcement: SERVICE_SECRETS,
  prevention: SERVICE_SECRETS,
  reporting: REPORTING_SECRETS,
};
const ADMIN_SECRETS = ['DATABASE_ADMIN_URL', 'NATS_ADMIN_NKEY_SEED'];

/** The Secrets a container takes whole (envFrom), by name. */
const secretRefs = (container: Manifest): string[] =>
  (container.envFrom ?? []).filter((s: Manifest) => s.secretRef).map((s: Manifest) => s.secretRef.name);
/** A pod's volume by name, and the volume mounted at a path. */
const volumeNamed = (pod: Manifest, name: string) => pod.volumes?.find((v: Manifest) => v.name === name);
const mountAt = (container: Manifest, path: string) =>
  container.volumeMounts?.find((m: Manifest) => m.mountPath === path);
/** Every pod that talks to NATS: the five services and the migrate Job. */
const natsClients = () => [...SERVICES.map((s) => one('Deployment', s)), one('Job', 'sinergi-migrate')];

/** A variable's value in a container: from `env`, else from the ConfigMaps it takes whole. */
function configValue(container: Manifest, name: string): string | undefined {
  const direct = envValue(container, name);
  if (direct !== undefined) return direct;
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) continue;
    const value = one('ConfigMap', source.configMapRef.name).data?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

describe('deploy/ Kubernetes manifests', () => {
  it('finds the manifests', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(docs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(
    docs
      .filter((d) => !NON_CORE.has(`${d.manifest.apiVersion}/${d.manifest.kind}`))
      .map((d) => [`${d.file}#${d.index} ${d.manifest.kind}/${d.manifest.metadata?.name}`, d.manifest]),
  )('%s conforms to the Kubernetes schema of its kind', (_name, manifest) => {
    expect(schemaErrors(manifest)).toEqual([]);
  });

  it('the schema check can fail: a Deployment without containers, a wrong type, an unknown kind', () => {
    const deployment = structuredClone(one('Deployment', 'gateway'));
    delete deployment.spec.template.spec.containers;
    expect(schemaErrors(deployment).join()).toMatch(/containers/);

    const wrongType = structuredClone(one('Deployment', 'rehab'));
    wrongType.spec.replicas = 'two';
    containerOf(wrongType).ports[0].containerPort = '3001';
    const errors = schemaErrors(wrongType).join();
    expect(errors).toMatch(/replicas must be integer/);
    expect(errors).toMatch(/containerPort must be integer/);

    const job = structuredClone(one('Job', 'sinergi-migrate'));
    job.spec.template.spec.restartPolicy = 42;
    expect(schemaErrors(job)).not.toEqual([]);

    const generated = structuredClone(one('ConfigMap', 'nats-config'));
    generated.data['auth.conf'] = 7;
    expect(schemaErrors(generated)).not.toEqual([]);

    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      'no Kubernetes schema for apps/v1 Deploymnet',
    ]);
  });

  it('every manifest belongs to one kustomization (the secrets example to none), and every listed file exists', () => {
    expect(kustomizationFiles.sort()).toEqual([
      'base/kustomization.yaml',
      'jobs/kustomization.yaml',
      'monitoring/kustomization.yaml',
      'services/kustomization.yaml',
    ]);
    const listed = kustomizationFiles.flatMap((k) => {
      const kustomization = parse(readFileSync(join(deployDir, k), 'utf8'));
      expect(kustomization.namespace).toBe('sinergi');
      return (kustomization.resources as string[]).map((r) => join(k, '..', r));
    });
    expect(listed.sort()).toEqual(
      files.filter((f) => !f.endsWith('kustomization.yaml') && f !== 'base/secrets.example.yaml').sort(),
    );
    // Every other file under deploy/ is read by a generator, or by docker-compose.yml.
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
    const composeInputs = Object.values(compose.configs ?? {}).map((c: Manifest) => posix.normalize(c.file));
    const others = readdirSync(deployDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !/\.ya?ml$/.test(e.name))
      .map((e) => relative(deployDir, join(e.parentPath, e.name)));
    for (const file of others) {
      expect([file, generatorInputs.includes(file) || composeInputs.includes(`deploy/${file}`)]).toEqual([file, true]);
    }
    // No Secret is ever applied by a kustomization: real values come from the secret store.
    expect(yamlDocs.filter((d) => d.manifest.kind === 'Secret' && d.file !== 'base/secrets.example.yaml')).toEqual([]);
  });

  describe('each service', () => {
    it('has a Deployment; gateway has a public Service and ClusterIP Services serve the others', () => {
      expect(
        all('Deployment')
          .map((d) => d.metadata.name)
          .sort(),
      ).toEqual([...SERVICES].sort());
      for (const service of SERVICES) expect(one('Service', service).spec.type).toBe('ClusterIP');
      const ingress = one('Ingress', 'gateway');
      const paths = ingress.spec.rules[0].http.paths.map((p: { path: string }) => p.path);
      expect(paths).toContain('/v1');
      expect(paths).not.toContain('/metrics');
      expect(paths).not.toContain('/');
    });

    it.each(SERVICES)('%s: readiness on /health/ready, liveness on /health/live, both on its PORT', (service) => {
      const container = containerOf(one('Deployment', service));
      const port = Number(envValue(container, 'PORT'));
      // The gateway serves /metrics on a port of its own, which its Service does not route.
      const metricsPort = service === 'gateway' ? [Number(envValue(container, 'METRICS_PORT'))] : [];
      expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([port, ...metricsPort]);
      if (service === 'gateway') {
        expect(one('Deployment', service).spec.template.metadata.annotations['prometheus.io/port']).toBe(
          String(metricsPort[0]),
        );
        const routed = one('Service', service).spec.ports.map((p: { targetPort: string | number }) => p.targetPort);
        expect(routed).toEqual(['http']);
      }
      const target = (probe: Manifest) => {
        if (probe.httpGet) {
          const probePort =
            typeof probe.httpGet.port === 'number'
              ? probe.httpGet.port
              : container.ports.find((p: { name: string }) => p.name === probe.httpGet.port)?.containerPort;
          return `${probePort}${probe.httpGet.path}`;
        }
        // An exec probe fetches the endpoint from inside the container (the service binds 127.0.0.1).
        const match = /http:\/\/127\.0\.0\.1:(\d+)(\/health\/\w+)'/.exec(probe.exec.command.join(' '));
        return match ? `${match[1]}${match[2]}` : 'unrecognised probe';
      };
      expect(target(container.readinessProbe)).toBe(`${port}/health/ready`);
      expect(target(container.livenessProbe)).toBe(`${port}/health/live`);
      expect(container.startupProbe).toBeDefined();
    });

    it.each(SERVICES)('%s: non-root, read-only root filesystem, no privilege escalation', (service) => {
      const pod = one('Deployment', service).spec.template.spec;
      const container = pod.containers[0];
      const effective = { ...pod.securityContext, ...container.securityContext };
      expect(effective.runAsNonRoot).toBe(true);
      // A named USER ("node") cannot be verified by the kubelet: the id must be numeric and not 0.
      expect(effective.runAsUser).toBeGreaterThan(0);
      expect(effective.readOnlyRootFilesystem).toBe(true);
      expect(effective.allowPrivilegeEscalation).toBe(false);
      expect(effective.capabilities.drop).toEqual(['ALL']);
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it.each(SERVICES)('%s: sets resource requests and limits', (service) => {
      const { resources } = containerOf(one('Deployment', service));
      for (const bound of ['requests', 'limits']) {
        expect(resources[bound].cpu).toBeDefined();
        expect(resources[bound].memory).toBeDefined();
      }
    });

    it.each(SERVICES)(
      '%s: every variable it is given is one the code reads, and none it needs is missing',
      (service) => {
        const given = envNames(containerOf(one('Deployment', service)));
        const code = schemaKeys(codeSchemas[service]);
        // Services no longer read STREAM_REPLICAS: only the migrate Job creates streams.
        expect([...given].filter((name) => !code.all.has(name))).toEqual([]);
        expect([...code.required].filter((name) => !given.has(name))).toEqual([]);
        expect([...(productionSecrets[service] ?? [])].filter((name) => !given.has(name))).toEqual([]);
        if (service === 'gateway') {
          expect(given.has('JWT_SECRET') || given.has('JWT_JWKS_URL')).toBe(true);
          // Required in production by the schema's refinements, which schemaKeys cannot see.
          expect(given.has('JWT_ISSUER') && given.has('JWT_AUDIENCE')).toBe(true);
        }

        // What docker-compose.yml gives the service (and the code reads, as X or as X_FILE), the
        // cluster gives too.
        const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
        const composed = Object.keys(compose.services[service].environment)
          .map((name) => (name.endsWith('_FILE') && code.all.has(name.slice(0, -5)) ? name.slice(0, -5) : name))
          .filter((name) => code.all.has(name));
        expect(composed.filter((name) => !given.has(name))).toEqual([]);
      },
    );

    it.each(SERVICES)('%s: its own Secret only; never the PostgreSQL admin URL or the broker admin seed', (service) => {
      const container = containerOf(one('Deployment', service));
      const given = envNames(container);
      expect(ADMIN_SECRETS.flatMap((n) => [n, `${n}_FILE`]).filter((n) => given.has(n))).toEqual([]);
      expect(given.has('STREAM_REPLICAS')).toBe(false);
      const allowed = [
        `sinergi-${service}`,
        ...(schemaKeys(codeSchemas[service]).all.has('REDIS_URL') ? ['sinergi-redis'] : []),
      ];
      expect(secretRefs(container).sort()).toEqual(allowed.sort());
      // Its broker identity and the gateway's keys sit in its own Secret, nowhere shared.
      const own = one('Secret', `sinergi-${service}`).stringData;
      expect(own.NATS_NKEY_SEED).toBeDefined();
      if (service === 'gateway') expect(own.CALLER_SIGNING_KEY).toBeDefined();
      else expect(own.CALLER_KEYS).toBeDefined();
      // Volumes from Secrets: only the NATS CA (checked below), never another Secret.
      const pod = one('Deployment', service).spec.template.spec;
      const secretVolumes = (pod.volumes ?? [])
        .filter((v: Manifest) => v.secret)
        .map((v: Manifest) => v.secret.secretName);
      expect(secretVolumes).toEqual(['sinergi-nats-tls']);
    });

    it('the gateway believes X-Forwarded-For only from the ingress controller range (TRUSTED_PROXIES)', () => {
      const value = configValue(containerOf(one('Deployment', 'gateway')), 'TRUSTED_PROXIES') ?? '';
      const entries = value.split(',').map((s) => s.trim());
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        const [address, bits] = entry.split('/');
        expect([entry, isIP(address as string) !== 0]).toEqual([entry, true]);
        if (bits !== undefined) expect(Number(bits)).toBeGreaterThanOrEqual(8); // never 0.0.0.0/0 or ::/0
      }
    });

    it('gateway and reporting scale on CPU through an HPA that owns their replica count', () => {
      for (const service of ['gateway', 'reporting']) {
        const hpa = one('HorizontalPodAutoscaler', service);
        expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
        expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
        expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
        expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
        expect(one('Deployment', service).spec.replicas).toBeUndefined();
      }
      for (const service of ['rehab', 'enforcement', 'prevention']) {
        expect(one('Deployment', service).spec.replicas).toBeGreaterThanOrEqual(2);
      }
      for (const service of SERVICES) expect(one('PodDisruptionBudget', service).spec.minAvailable).toBe(1);
    });
  });

  describe('TLS to NATS', () => {
    it('every client (services and migrate) connects over tls:// and verifies with the CA, mounting ca.crt only', () => {
      for (const workload of natsClients()) {
        const name = workload.metadata.name;
        const container = containerOf(workload);
        expect([name, configValue(container, 'NATS_URL')]).toEqual([name, 'tls://nats:4222']);
        const caFile = configValue(container, 'NATS_TLS_CA_FILE') as string;
        expect([name, typeof caFile]).toEqual([name, 'string']);
        const mount = mountAt(container, posix.dirname(caFile));
        expect([name, mount?.readOnly]).toEqual([name, true]);
        expect(volumeNamed(workload.spec.template.spec, mount.name).secret).toEqual({
          secretName: 'sinergi-nats-tls',
          items: [{ key: 'ca.crt', path: posix.basename(caFile) }],
        });
      }
    });

    it('the TLS Secret has the shape a cert-manager Certificate would give (tls.crt, tls.key, ca.crt)', () => {
      const tls = one('Secret', 'sinergi-nats-tls');
      expect(tls.type).toBe('kubernetes.io/tls');
      expect(Object.keys(tls.stringData).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    });
  });

  describe('the Secrets (base/secrets.example.yaml)', () => {
    const secretOf = (process: string) => one('Secret', `sinergi-${process}`).stringData as Record<string, string>;

    it('one Secret per process, each holding what that process reads', () => {
      expect(exampleSecrets.map((s) => s.metadata.name).sort()).toEqual(
        [...SERVICES, 'migrate', 'nats', 'nats-tls', 'redis'].map((p) => `sinergi-${p}`).sort(),
      );
      for (const service of SERVICES) {
        const reads = schemaKeys(codeSchemas[service]).all;
        expect(Object.keys(secretOf(service)).filter((key) => !reads.has(key))).toEqual([]);
      }
      expect(Object.keys(secretOf('nats')).sort()).toEqual(BROKER_USERS.map(nkeyVariable).sort());
    });

    it('covers every variable scripts/secrets.mjs hands each process', async () => {
      const secretsScript = join(root, 'scripts', 'secrets.mjs');
      const { secretsFor, SECRET_NAMES } = await import(secretsScript);
      const everything = Object.fromEntries((SECRET_NAMES as string[]).map((name) => [name, `value-of-${name}`]));
      for (const process of [...SERVICES, 'migrate', 'nats']) {
        const handed = Object.keys(secretsFor(process, everything));
        expect([process, handed.filter((name) => !(name in secretOf(process)))]).toEqual([process, []]);
      }
    });

    it('every secret is a placeholder that the production check refuses', () => {
      for (const service of SERVICES) {
        const secrets = productionSecrets[service] ?? [];
        const refused = productionSecretProblems(secretOf(service), secrets).map((p) => p.name);
        expect([service, [...secrets].filter((n) => !refused.includes(n))]).toEqual([service, []]);
      }
      const migrate = secretOf('migrate');
      for (const name of [
        ...MIGRATE_SECRETS.filter((n) => n !== 'DATABASE_URL'),
        ...MIGRATING_SERVICES.map((s) => `${s.toUpperCase()}_DATABASE_URL`),
      ]) {
        expect([name, productionSecretProblems(migrate, [name]).length]).toEqual([name, 1]);
      }
      expect(productionSecretProblems(secretOf('redis'), ['REDIS_URL'])).toHaveLength(1);
      for (const value of [...Object.values(secretOf('nats')), ...Object.values(secretOf('nats-tls'))]) {
        expect(value).toBe('REPLACE_ME');
      }
    });
  });

  describe('NATS JetStream cluster', () => {
    const statefulSet = one('StatefulSet', 'nats');
    const container = containerOf(statefulSet);
    const pod = statefulSet.spec.template.spec;
    const configMap = one('ConfigMap', 'nats-config');
    const conf: string = configMap.data['nats.conf'];
    const server = describeServerConf(conf);
    const authFile = readFileSync(join(deployDir, 'base', 'nats-auth.conf'), 'utf8');

    it('runs three servers, one per node, each with its own volume', () => {
      expect(statefulSet.spec.replicas).toBe(3);
      expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
      const antiAffinity = statefulSet.spec.template.spec.affinity.podAntiAffinity;
      expect(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
      expect(statefulSet.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
      expect(one('Service', statefulSet.spec.serviceName).spec.clusterIP).toBe('None');
      expect(one('PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
    });

    it('fsyncs every write (sync_interval: always) inside the jetstream block, on the volume', () => {
      const jetstreamBlock = /jetstream\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';
      expect(jetstreamBlock).toMatch(/^\s*sync_interval:\s*always\s*$/m);
      expect(server.jetstream.syncInterval).toBe('always');
      // A pinned release with the 2.10.23 fix for process-crash loss (docs/operations.md).
      expect(container.image).toMatch(/^nats:2\.10\.(2[3-9]|[3-9]\d)-alpine$/);
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'data');
      expect(server.jetstream.storeDir).toBe(mount.mountPath);
      expect(jetstreamBlock).toMatch(/^\s*max_file_store:\s*\d+[GM]B\s*$/m);
    });

    it('routes the cluster to the three pods by their stable names', () => {
      const routes = [...conf.matchAll(/nats:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
      expect(routes).toEqual([0, 1, 2].map((i) => `nats-${i}.${statefulSet.spec.serviceName}`));
      expect(conf).toMatch(/^server_name: \$POD_NAME$/m);
      expect(envValue(container, 'POD_NAME')).toBeUndefined(); // from the downward API
      expect(container.env[0].valueFrom.fieldRef.fieldPath).toBe('metadata.name');
      expect(server.cluster?.advertise).toBe('$CLUSTER_ADVERTISE');
      expect(envValue(container, 'CLUSTER_ADVERTISE')).toBe(`$(POD_NAME).${statefulSet.spec.serviceName}:6222`);
    });

    it('its configuration is generated from nats.conf and the shipped nats-auth.conf, byte for byte', () => {
      // The generated ConfigMap is what the pod mounts (kustomize rewrites the hashed name).
      const mount = container.volumeMounts.find((m: Manifest) => m.name === 'config');
      expect(volumeNamed(pod, 'config').configMap.name).toBe('nats-config');
      expect(Object.keys(configMap.data).sort()).toEqual(['auth.conf', 'nats.conf']);
      expect(configMap.data['auth.conf']).toBe(authFile);
      expect(configMap.data['nats.conf']).toBe(readFileSync(join(deployDir, 'base', 'nats.conf'), 'utf8'));
      // ... and that file is what the code renders today (npm run nats:auth).
      expect(authFile).toBe(renderAuthConfig());
      expect(container.args).toEqual(['--config', posix.join(mount.mountPath, 'nats.conf')]);
      expect(server.includes).toEqual(['./auth.conf']);
      expect(server.keys.filter((k) => FORBIDDEN_SERVER_KEYS.includes(k))).toEqual([]);
      const auth = describeAuthConf(authFile);
      expect(auth.otherLogins).toBe(false);
      expect(auth.users).toBe(BROKER_USERS.length);
    });

    it('every variable the configuration names comes from its environment: the public keys from Secret sinergi-nats', () => {
      const given = envNames(container);
      const needed = [...server.variables, ...describeAuthConf(authFile).variables];
      expect(needed.filter((name) => !given.has(name))).toEqual([]);
      expect(secretRefs(container)).toEqual(['sinergi-nats']);
      expect(describeAuthConf(authFile).nkeyVariables.sort()).toEqual(BROKER_USERS.map(nkeyVariable).sort());
      // nats-server holds public keys only: no seed, no admin credential.
      expect([...given].filter((name) => /SEED|ADMIN_URL|DATABASE/.test(name))).toEqual([]);
    });

    it('clients and cluster routes use TLS from Secret sinergi-nats-tls; routes verify peers with the CA', () => {
      const tlsVolume = volumeNamed(pod, 'tls');
      expect(tlsVolume.secret.secretName).toBe('sinergi-nats-tls');
      const tlsDir = container.volumeMounts.find((m: Manifest) => m.name === 'tls').mountPath;
      expect(server.tls).toEqual({
        certFile: `${tlsDir}/tls.crt`,
        keyFile: `${tlsDir}/tls.key`,
        caFile: undefined,
        verify: undefined,
      });
      expect(server.cluster?.tls).toEqual({
        certFile: `${tlsDir}/tls.crt`,
        keyFile: `${tlsDir}/tls.key`,
        caFile: `${tlsDir}/ca.crt`,
      });
      expect(conf).not.toMatch(/allow_non_tls/);
    });

    it('no Job but migrate touches the streams: the old nats-box stream Job is gone', () => {
      expect(all('Job').map((j) => j.metadata.name)).toEqual(['sinergi-migrate']);
      const images = docs.flatMap((d) => [
        ...(d.manifest.spec?.template?.spec?.containers ?? []).map((c: Manifest) => c.image),
      ]);
      expect(images.filter((image) => /nats-box/.test(image))).toEqual([]);
    });
  });

  describe('the migrate Job', () => {
    const job = one('Job', 'sinergi-migrate');
    const container = containerOf(job);

    it('runs node scripts/migrate.mjs once, from the root Dockerfile image', () => {
      expect(container.command).toEqual(['node', 'scripts/migrate.mjs']);
      expect(container.image).toMatch(/^sinergi\/migrate:/);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(job.spec.parallelism).toBe(1);
      expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/WORKDIR \/srv/);
    });

    it("gets the admin URL, every service's URL and the broker admin seed, from its own Secret only", () => {
      const names = envNames(container);
      expect(names.has('DATABASE_ADMIN_URL')).toBe(true);
      expect(names.has('NATS_ADMIN_NKEY_SEED')).toBe(true);
      for (const service of MIGRATING_SERVICES) expect(names.has(`${service.toUpperCase()}_DATABASE_URL`)).toBe(true);
      expect(secretRefs(container)).toEqual(['sinergi-migrate']);
      expect(Object.keys(one('Secret', 'sinergi-migrate').stringData)).toEqual(expect.arrayContaining(ADMIN_SECRETS));
      // Not a service identity: it connects as the broker's admin user only.
      expect(names.has('NATS_NKEY_SEED')).toBe(false);
      const reads = new Set([
        ...schemaKeys(migrateEnvSchema('rehab')).all,
        ...MIGRATING_SERVICES.map((s) => `${s.toUpperCase()}_DATABASE_URL`),
        'STREAM_REPLICAS',
      ]);
      expect([...names].filter((name) => !reads.has(name))).toEqual([]);
      expect(configValue(container, 'NODE_ENV')).toBe('production');
      const effective = { ...job.spec.template.spec.securityContext, ...container.securityContext };
      expect(effective.runAsNonRoot).toBe(true);
      expect(effective.readOnlyRootFilesystem).toBe(true);
    });

    it('creates REHAB, ENFORCEMENT, PREVENTION and DLQ R3 (STREAM_REPLICAS=3, as the code reads it)', () => {
      expect(envValue(container, 'STREAM_REPLICAS')).toBe('3');
      expect(streamReplicas({ STREAM_REPLICAS: envValue(container, 'STREAM_REPLICAS') })).toBe(3);
    });
  });

  describe('what deploy/ leaves to the operator, docs/operations.md says', () => {
    const operations = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');

    it('PostgreSQL (external): SCRAM-SHA-256 password storage, and TLS with SCRAM for every role', () => {
      expect(operations).toMatch(/^password_encryption = scram-sha-256$/m);
      for (const service of MIGRATING_SERVICES) {
        expect(operations).toMatch(
          new RegExp(`^hostssl\\s+sinergi_${service}\\s+sinergi_${service}\\s+\\S+\\s+scram-sha-256$`, 'm'),
        );
      }
      expect(operations).not.toMatch(/^host\s.*\b(md5|trust|password)$/m);
    });

    it('the NATS certificate: the names the cluster uses, serverAuth and clientAuth, made by the project script', () => {
      expect(operations).toMatch(/bash scripts\/infra\.sh certs/);
      expect(operations).toMatch(/serverAuth and clientAuth/);
      for (const i of [0, 1, 2]) expect(operations).toContain(`nats-${i}.nats-headless`);
      expect(operations).toMatch(/create secret generic sinergi-nats-tls --type=kubernetes\.io\/tls/);
      expect(operations).toMatch(/node scripts\/secrets\.mjs init/);
    });
  });

  describe('the Secrets hold admin credentials for the migrate Job only', () => {
    it('no Secret but sinergi-migrate holds DATABASE_ADMIN_URL or NATS_ADMIN_NKEY_SEED', () => {
      const holders = exampleSecrets
        .filter((s) => ADMIN_SECRETS.some((n) => n in (s.stringData ?? {})))
        .map((s) => s.metadata.name);
      expect(holders).toEqual(['sinergi-migrate']);
    });
  });

  describe('alert rules', () => {
    const rule = docs.find((d) => d.manifest.kind === 'PrometheusRule')?.manifest;
    const rules = rule.spec.groups.flatMap((g: { rules: unknown[] }) => g.rules);
    const operations = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    const metricsSource = ['metrics.ts', 'service-app.ts']
      .map((f) => readFileSync(join(root, 'packages', 'runtime', 'src', f), 'utf8'))
      .join('\n');

    it('every rule has an alert name, an expression, a severity and a runbook section that exists', () => {
      const anchors = new Set(
        [...operations.matchAll(/^#+ (.+)$/gm)].map((m) =>
          (m[1] as string)
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .replace(/ /g, '-'),
        ),
      );
      expect(rules.length).toBeGreaterThanOrEqual(10);
      for (const r of rules) {
        expect(r.alert).toMatch(/^Sinergi[A-Z]\w+$/);
        expect(typeof r.expr).toBe('string');
        expect(['info', 'warning', 'critical']).toContain(r.labels.severity);
        expect(anchors).toContain(r.annotations.runbook.replace('docs/operations.md#', ''));
      }
    });

    it('watches every Sinergi metric, and only metrics the services register', () => {
      const used = new Set<string>(
        rules.flatMap((r: { expr: string }) =>
          [...r.expr.matchAll(/\b(sinergi_[a-z_]+?)(_bucket|_count|_sum)?\b/g)].map((m) => m[1] as string),
        ),
      );
      const registered = new Set([...metricsSource.matchAll(/['"](sinergi_[a-z_]+)['"]/g)].map((m) => m[1]));
      expect([...used].filter((name) => !registered.has(name))).toEqual([]);
      for (const name of [
        'sinergi_outbox_pending',
        'sinergi_outbox_oldest_age_seconds',
        'sinergi_consumer_lag',
        'sinergi_dead_letters_total',
        'sinergi_inbox_duplicates_total',
        'sinergi_report_jobs_total',
        'sinergi_report_job_duration_seconds',
        'sinergi_http_request_duration_seconds',
        'sinergi_nats_request_duration_seconds',
      ]) {
        expect(used).toContain(name);
        expect(operations).toContain(name);
      }
    });
  });
});
