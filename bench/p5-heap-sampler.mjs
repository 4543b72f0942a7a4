// P5's view from inside a service: loaded with `--import` by bench/p1-p4-p5-stack.mjs (never by
// the services themselves), it appends one JSON line every BENCH_HEAP_SAMPLE_MS (500) to
// BENCH_HEAP_SAMPLE_FILE: VmRSS split into anonymous and file-backed pages, and what V8 says it
// holds (each heap space's committed size, external memory, array buffers, malloc'ed). The bench
// reads the line nearest each service's peak VmRSS, so "what holds the memory" is measured, not
// guessed. No GC is forced: the figures are what the process really carries.
import { appendFileSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.BENCH_HEAP_SAMPLE_FILE;
const everyMs = Number(process.env.BENCH_HEAP_SAMPLE_MS ?? 500);
const mib = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

function sample() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const memory = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.physical_space_size > 0) spaces[s.space_name.replace(/_space$/, '')] = mib(s.physical_space_size);
  }
  return {
    t: Date.now(),
    rss: mib(kib('VmRSS') * 1024),
    rssAnon: mib(kib('RssAnon') * 1024),
    rssFile: mib(kib('RssFile') * 1024),
    heapCommitted: mib(heap.total_physical_size),
    heapUsed: mib(memory.heapUsed),
    heapLimit: mib(heap.heap_size_limit),
    external: mib(memory.external),
    arrayBuffers: mib(memory.arrayBuffers),
    malloced: mib(heap.malloced_memory),
    spaces,
  };
}

if (file) {
  const write = () => {
    try {
      appendFileSync(file, `${JSON.stringify(sample())}\n`);
    } catch {}
  };
  write();
  setInterval(write, everyMs).unref();
}
