// Reproducible randomness and dates. Each item draws from its own generator, seeded by what the
// item is (a step and an index), so a re-run writes the same bodies whatever order concurrent
// requests finish in: the gateway replays a write only when key and body both match.
import { createHash } from 'node:crypto';

/** A generator for one item: `rng('jakarta-utara.certificates', 17)`. */
export function rng(...parts) {
  let state = createHash('sha256').update(parts.join('|')).digest().readInt32LE(0);
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  /** Picks by weight: `[[value, weight], ...]`. */
  const weighted = (pairs) => {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [value, w] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    return pairs[pairs.length - 1][0];
  };
  /** A day in `year`, months `from`..`to` inclusive (day ≤ 28, so every month has it). */
  const dateIn = (year, from = 1, to = 12) => iso(year, int(from, to), int(1, 28));
  return { random, int, pick, weighted, dateIn };
}

/** Splits `total` into integers proportional to `weights` that sum exactly to `total`. */
export function split(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) out[order[k][1]]++;
  return out;
}

/** True for exactly `count` of the indices 0..total-1, spread evenly (index 0 among them). */
export function spread(count, total) {
  const chosen = new Set(Array.from({ length: count }, (_, k) => Math.floor((k * total) / count)));
  return (i) => chosen.has(i);
}

export const pad = (n) => String(n).padStart(2, '0');
export const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;

export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0, 1, …, n-1. */
export const indices = (n) => Array.from({ length: n }, (_, i) => i);
