/**
 * How every Sinergi service process is started, in one place: the local stack
 * (scripts/stack.mjs), every test and benchmark namespace (TestNamespace.env) and the service
 * images (the Dockerfile's service stage sets the same two variables; node-options.spec.ts checks).
 *
 * Measured under load (bench/p1-p4-p5-stack.mjs, bench/analysis.md P5): Node 22's V8 keeps the
 * heap pages it has committed once (`pooled` in --trace-gc) instead of returning them, so a
 * service's resident set is its heap's high-water mark, and with the defaults that mark is set by
 * garbage, not by live data: a 16 MiB semi-space pair (32 MiB of new space in every process,
 * idle or not) and an old generation that grew to ~220 MiB before a full collection (rehab
 * 365 MiB, reporting 450 MiB resident while their live heaps stayed under ~140 MiB).
 *
 * - `--max-semi-space-size=8`: a 16 MiB new space, ~16 MiB less in every process than the
 *   default. Smaller saves a few MiB more but costs CPU on every request (each scavenge
 *   promotes more), measured one after another here: at 2 the gateway spent 2.0 ms of CPU per
 *   read and reporting fell 30 s behind at 1,000 events/s (P1); at 4, 7 s behind; at 8 it spent
 *   1.6 ms and kept up (p99 0.86 s) with reporting at 188 MB (docs/benchmarks.md).
 * - `--max-old-space-size=256`: V8 sizes its collection schedule from this cap (a full
 *   collection once the old generation grows ~1.4× past what was live, instead of up to 4×);
 *   it is a hard limit too, twice the most any service held live under load (reporting ~115 MiB
 *   while a consumer transaction and the publication blocks are in memory), and under the
 *   containers' 512 Mi limit.
 * - `MALLOC_ARENA_MAX=2`: glibc's per-thread malloc arenas (V8's GC and libuv threads) capped;
 *   a few MiB of native memory less under load.
 */
export const SERVICE_NODE_OPTIONS = '--max-semi-space-size=8 --max-old-space-size=256';
export const SERVICE_MALLOC_ARENA_MAX = '2';

/**
 * The variables a service process starts with, given the environment it is started from:
 * NODE_OPTIONS is what that has already (a developer's `--inspect`) followed by the service flags,
 * which win where both set one flag; a MALLOC_ARENA_MAX set there is kept (a trial of another value).
 */
export function serviceProcessEnv(from: Record<string, string | undefined> = process.env): {
  NODE_OPTIONS: string;
  MALLOC_ARENA_MAX: string;
} {
  return {
    NODE_OPTIONS: [from.NODE_OPTIONS?.trim(), SERVICE_NODE_OPTIONS].filter(Boolean).join(' '),
    MALLOC_ARENA_MAX: from.MALLOC_ARENA_MAX || SERVICE_MALLOC_ARENA_MAX,
  };
}
