/**
 * Exact decimal arithmetic on strings such as `307.527`, for quantities that must never pass
 * through a binary float. Only what the rules need: normalise and compare.
 */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

function parts(value: string): { whole: string; fraction: string } {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a non-negative decimal: ${value}`);
  return { whole: match[1] as string, fraction: match[2] ?? '' };
}

/** `0307.52700` → `307.527`; `5.000` → `5`. How quantities are shown and carried in events. */
export function normalizeDecimal(value: string): string {
  const { whole, fraction } = parts(value);
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`, exactly (both scaled to integers). */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = parts(a);
  const y = parts(b);
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const left = BigInt(x.whole + x.fraction.padEnd(scale, '0'));
  const right = BigInt(y.whole + y.fraction.padEnd(scale, '0'));
  return left < right ? -1 : left > right ? 1 : 0;
}
