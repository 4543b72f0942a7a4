/** A named dependency check for readiness: resolves when healthy, throws (or times out) when not. */
export interface HealthCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function runHealthChecks(checks: HealthCheck[], timeoutMs = 2000): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, { status: 'up' as const }] as const;
      } catch (error) {
        return [
          name,
          { status: 'down' as const, error: error instanceof Error ? error.message : String(error) },
        ] as const;
      }
    }),
  );
  const report = Object.fromEntries(results);
  const healthy = results.every(([, r]) => r.status === 'up');
  return { status: healthy ? 'ok' : 'unavailable', checks: report };
}
