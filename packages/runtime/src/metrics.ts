import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics, one registry per process, served at /metrics by every service. The names
 * are the ones docs/operations.md explains and deploy/'s alert rules watch.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'sinergi_' });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'sinergi_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: seconds,
  registers: [metricsRegistry],
});

export const natsRequestDuration = new Histogram({
  name: 'sinergi_nats_request_duration_seconds',
  help: 'Request/reply over NATS by subject and outcome (ok, or the error code)',
  labelNames: ['subject', 'outcome'] as const,
  buckets: seconds,
  registers: [metricsRegistry],
});

export const rpcRefused = new Counter({
  name: 'sinergi_rpc_refused_total',
  help: 'Requests refused because the gateway did not sign them (unsigned, forged, stale, replayed, re-targeted)',
  labelNames: ['subject', 'reason'] as const,
  registers: [metricsRegistry],
});

export const eventsApplied = new Counter({
  name: 'sinergi_events_applied_total',
  help: 'Events applied by a consumer',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const inboxDuplicates = new Counter({
  name: 'sinergi_inbox_duplicates_total',
  help: 'Events delivered again and skipped because their inbox row existed',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const deadLetters = new Counter({
  name: 'sinergi_dead_letters_total',
  help: 'Events sent to the dead-letter subject after their bounded deliveries',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'sinergi_outbox_published_total',
  help: 'Outbox rows published to JetStream',
  registers: [metricsRegistry],
});

/** Gauges read at scrape time from the source of truth (the outbox table, JetStream). */
export function registerCollectedGauge(
  name: string,
  help: string,
  labelNames: string[],
  collect: () => Promise<Array<{ labels: Record<string, string>; value: number }>>,
) {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      try {
        for (const sample of await collect()) this.set(sample.labels, sample.value);
      } catch {
        // A scrape while the database or broker is away reports nothing rather than failing.
      }
    },
  });
}

export const reportJobs = new Counter({
  name: 'sinergi_report_jobs_total',
  help: 'Report jobs by final status (done, failed)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

export const scheduleReconciliations = new Counter({
  name: 'sinergi_schedule_reconciliations_total',
  help: 'Rounds of the schedule reconciler, by outcome (ok, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const reportJobDuration = new Histogram({
  name: 'sinergi_report_job_duration_seconds',
  help: 'Time to generate one report',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});
