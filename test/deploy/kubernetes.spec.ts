/**
 * No cluster runs on the development and CI machines, so every manifest under deploy/ is checked
 * offline: against the Kubernetes OpenAPI schema of its kind (the validators the
 * `kubernetes-models` package ships), and against the rules Sinergi relies on beyond one machine:
 * probes, non-root, limits, the 3-node JetStream cluster with R3 streams, the migrate Job, and
 * environment names that the code actually reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as k8s from 'kubernetes-models';
import { parse, parseAllDocuments } from 'yaml';
import { gatewayEnvSchema } from '../../apps/gateway/src/config.js';
import { rehabEnvSchema } from '../../apps/rehab/src/config.js';
import { reportingEnvSchema } from '../../apps/reporting/src/config.js';
import { DUPLICATE_WINDOW_MS, streamReplicas } from '../../packages/runtime/src/nats.js';
import { serviceEnvSchema } from '../../packages/runtime/src/config.js';
import { MIGRATING_SERVICES, SERVICES } from '../../scripts/services.mjs';

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
const docs: Doc[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(deployDir, file), 'utf8')).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file}#${index}: ${document.errors[0]?.message}`);
    const manifest = document.toJS();
    return manifest ? [{ file, index, manifest }] : [];
  }),
);
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

const DOMAIN = ['rehab', 'enforcement', 'prevention', 'reporting'] as const;
const codeSchemas: Record<string, Manifest> = {
  gateway: gatewayEnvSchema,
  rehab: rehabEnvSchema,
  enforcement: serviceEnvSchema('enforcement'),
  prevention: serviceEnvSchema('prevention'),
  reporting: reportingEnvSchema,
};

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

    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      'no Kubernetes schema for apps/v1 Deploymnet',
    ]);
  });

  it('every manifest belongs to one kustomization (the secrets example to none), and every listed file exists', () => {
    const kustomizations = files.filter((f) => f.endsWith('kustomization.yaml'));
    expect(kustomizations.sort()).toEqual([
      'base/kustomization.yaml',
      'jobs/kustomization.yaml',
      'monitoring/kustomization.yaml',
      'services/kustomization.yaml',
    ]);
    const listed = kustomizations.flatMap((k) => {
      const kustomization = parse(readFileSync(join(deployDir, k), 'utf8'));
      expect(kustomization.namespace).toBe('sinergi');
      return (kustomization.resources as string[]).map((r) => join(k, '..', r));
    });
    expect(listed.sort()).toEqual(
      files.filter((f) => !f.endsWith('kustomization.yaml') && f !== 'base/secrets.example.yaml').sort(),
    );
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
      expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([port]);
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
        // ensureStream (packages/runtime/src/nats.ts) reads STREAM_REPLICAS in every domain service.
        const reads = new Set([...code.all, ...(service === 'gateway' ? [] : ['STREAM_REPLICAS'])]);
        expect([...given].filter((name) => !reads.has(name))).toEqual([]);
        expect([...code.required].filter((name) => !given.has(name))).toEqual([]);
        if (service === 'gateway') expect(given.has('JWT_SECRET') || given.has('JWT_JWKS_URL')).toBe(true);

        // What docker-compose.yml gives the service (and the code reads), the cluster gives too;
        // except the PostgreSQL admin URL, which in the cluster only the migrate Job holds.
        const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
        const composed = Object.keys(compose.services[service].environment).filter(
          (name) => code.all.has(name) && name !== 'DATABASE_ADMIN_URL',
        );
        expect(composed.filter((name) => !given.has(name))).toEqual([]);
        expect(given.has('DATABASE_ADMIN_URL')).toBe(false);
      },
    );

    it.each(DOMAIN)('%s: creates its streams R3 (STREAM_REPLICAS=3, as the code reads it)', (service) => {
      const value = envValue(containerOf(one('Deployment', service)), 'STREAM_REPLICAS');
      expect(streamReplicas({ STREAM_REPLICAS: value })).toBe(3);
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

  describe('NATS JetStream cluster', () => {
    const statefulSet = one('StatefulSet', 'nats');
    const conf: string = one('ConfigMap', 'nats-config').data['nats.conf'];
    const jetstreamBlock = /jetstream\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';

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
      expect(jetstreamBlock).toMatch(/^\s*sync_interval:\s*always\s*$/m);
      const storeDir = /^\s*store_dir:\s*(\S+)\s*$/m.exec(jetstreamBlock)?.[1];
      const mount = statefulSet.spec.template.spec.containers[0].volumeMounts.find(
        (m: { name: string }) => m.name === 'data',
      );
      expect(storeDir).toBe(mount.mountPath);
      expect(jetstreamBlock).toMatch(/^\s*max_file_store:\s*\d+[GM]B\s*$/m);
    });

    it('routes the cluster to the three pods by their stable names', () => {
      const routes = [...conf.matchAll(/nats:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
      expect(routes).toEqual([0, 1, 2].map((i) => `nats-${i}.${statefulSet.spec.serviceName}`));
      expect(conf).toMatch(/^server_name: \$POD_NAME$/m);
      expect(envValue(containerOf(statefulSet), 'POD_NAME')).toBeUndefined(); // from the downward API
      expect(containerOf(statefulSet).env[0].valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    });

    it('a Job makes REHAB, ENFORCEMENT, PREVENTION and DLQ R3 with the configuration the services give', () => {
      const job = one('Job', 'sinergi-nats-streams');
      expect(containerOf(job).image).toMatch(/^natsio\/nats-box:/);
      const streams = one('ConfigMap', 'sinergi-nats-streams').data;
      expect(streams['ensure-r3.sh']).toMatch(/for stream in REHAB ENFORCEMENT PREVENTION DLQ; do/);
      expect(streams['ensure-r3.sh']).toMatch(/nats stream edit "\$stream" --replicas 3/);
      for (const service of ['rehab', 'enforcement', 'prevention', 'dlq']) {
        const config = JSON.parse(streams[`${service.toUpperCase()}.json`]);
        expect(config).toMatchObject({
          name: service.toUpperCase(),
          subjects: [`${service}.>`],
          storage: 'file',
          retention: 'limits',
          num_replicas: 3,
          duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
        });
      }
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

    it("gets the admin URL and every service's URL, and somewhere writable for scripts/dev-env.mjs", () => {
      const names = envNames(container);
      expect(names.has('DATABASE_ADMIN_URL')).toBe(true);
      for (const service of MIGRATING_SERVICES) expect(names.has(`${service.toUpperCase()}_DATABASE_URL`)).toBe(true);
      const effective = { ...job.spec.template.spec.securityContext, ...container.securityContext };
      expect(effective.runAsNonRoot).toBe(true);
      expect(effective.readOnlyRootFilesystem).toBe(true);
      expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/srv/.sinergi');
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
      const used = new Set(
        rules.flatMap((r: { expr: string }) =>
          [...r.expr.matchAll(/\b(sinergi_[a-z_]+?)(_bucket|_count|_sum)?\b/g)].map((m) => m[1]),
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
