import { nextDelay, retryAfterMs, retryPolicy, sleep } from './retry.js';

const NOW = Date.parse('2024-05-02T02:30:00Z');

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', NOW)).toBe(0);
    expect(retryAfterMs('7', NOW)).toBe(7000);
    expect(retryAfterMs(' 2 ', NOW)).toBe(2000);
  });

  it('reads an HTTP date as the time left until it, none when it is past', () => {
    expect(retryAfterMs('Thu, 02 May 2024 02:30:05 GMT', NOW)).toBe(5000);
    expect(retryAfterMs('Thu, 02 May 2024 02:29:00 GMT', NOW)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs(null, NOW)).toBeUndefined();
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs('-3', NOW)).toBeUndefined();
  });
});

describe('the next delay', () => {
  const policy = retryPolicy({ retries: 3, maxElapsedMs: 10_000, baseDelayMs: 100 });

  it('waits what Retry-After asks', () => {
    expect(nextDelay(policy, 0, 0, '2', () => 0.5, NOW)).toBe(2000);
    expect(nextDelay(policy, 0, 0, 'Thu, 02 May 2024 02:30:03 GMT', () => 0.5, NOW)).toBe(3000);
  });

  it('backs off exponentially with jitter when the answer gives no hint', () => {
    // Half the backoff fixed, half random: attempt n waits between base·2ⁿ/2 and base·2ⁿ.
    expect(nextDelay(policy, 0, 0, null, () => 0, NOW)).toBe(50);
    expect(nextDelay(policy, 0, 0, null, () => 1, NOW)).toBe(100);
    expect(nextDelay(policy, 2, 0, null, () => 0, NOW)).toBe(200);
    expect(nextDelay(policy, 2, 0, null, () => 1, NOW)).toBe(400);
  });

  it('gives up when the retries are spent', () => {
    expect(nextDelay(policy, 2, 0, '0', () => 0, NOW)).toBe(0);
    expect(nextDelay(policy, 3, 0, '0', () => 0, NOW)).toBeUndefined();
    expect(nextDelay(retryPolicy({ retries: 0 }), 0, 0, '0', () => 0, NOW)).toBeUndefined();
  });

  it('gives up rather than wait past the time budget', () => {
    expect(nextDelay(policy, 0, 0, '10', () => 0, NOW)).toBe(10_000);
    expect(nextDelay(policy, 0, 1, '10', () => 0, NOW)).toBeUndefined();
    expect(nextDelay(policy, 0, 0, '120', () => 0, NOW)).toBeUndefined();
    expect(nextDelay(policy, 1, 9_950, null, () => 1, NOW)).toBeUndefined();
  });
});

describe('sleep', () => {
  it('ends early with the reason when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(5_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(slept).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
