import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_MALLOC_ARENA_MAX, SERVICE_NODE_OPTIONS, serviceProcessEnv } from './node-options.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('service process flags', () => {
  it("every service's image (the Dockerfile's last stage) starts node with the same NODE_OPTIONS and MALLOC_ARENA_MAX", () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toContain(
      `ENV NODE_OPTIONS="${SERVICE_NODE_OPTIONS}" MALLOC_ARENA_MAX=${SERVICE_MALLOC_ARENA_MAX}\n`,
    );
  });

  it('keeps what NODE_OPTIONS had, with the service flags last (they win)', () => {
    expect(serviceProcessEnv({ NODE_OPTIONS: ' --inspect ' })).toEqual({
      NODE_OPTIONS: `--inspect ${SERVICE_NODE_OPTIONS}`,
      MALLOC_ARENA_MAX: SERVICE_MALLOC_ARENA_MAX,
    });
    expect(serviceProcessEnv({})).toEqual({ NODE_OPTIONS: SERVICE_NODE_OPTIONS, MALLOC_ARENA_MAX: '2' });
    expect(serviceProcessEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
  });

  it('sets flags node accepts in NODE_OPTIONS', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(
      process.execPath,
      ['-e', 'console.log(require("node:v8").getHeapStatistics().heap_size_limit / 2 ** 20)'],
      { env: { ...process.env, ...serviceProcessEnv({}) }, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    // 256 MiB of old space plus the new space (2 × 2 MiB semi-spaces and V8's own share of it).
    expect(Number(run.stdout)).toBeGreaterThanOrEqual(256);
    expect(Number(run.stdout)).toBeLessThan(300);
  });
});
