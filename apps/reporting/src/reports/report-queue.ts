import { Inject, Injectable, type OnApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { LOGGER, type Logger } from '@sinergi/runtime';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';

/** Queue and job names are constants: a job with no handler fails loudly at start, not silently later. */
export const REPORT_QUEUE = 'reports';
export const JobName = {
  generateReport: 'generate-report',
  scheduledPeriod: 'scheduled-period',
  retention: 'report-retention',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export type JobHandler = (job: Job) => Promise<unknown>;

/**
 * The BullMQ queue of report jobs and its worker, in this process. Handlers register by job
 * name before the worker starts; an unknown job name fails the job with a clear reason.
 */
@Injectable()
export class ReportQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly queue: Queue;
  private worker?: Worker;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly connection: Redis;
  private readonly workerConnection: Redis;

  constructor(
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
    this.workerConnection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => this.logger.warn({ err: error }, 'redis error'));
    this.workerConnection.on('error', () => undefined);
    this.queue = new Queue(REPORT_QUEUE, { connection: this.connection, prefix: config.REDIS_PREFIX });
  }

  handle(name: JobName, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async onApplicationBootstrap() {
    for (const name of Object.values(JobName)) {
      if (!this.handlers.has(name)) throw new Error(`report job "${name}" has no handler`);
    }
    this.worker = new Worker(
      REPORT_QUEUE,
      async (job) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        return handler(job);
      },
      {
        connection: this.workerConnection,
        prefix: this.config.REDIS_PREFIX,
        concurrency: this.config.REPORT_CONCURRENCY,
      },
    );
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'report worker error'));
  }

  on(event: 'failed', listener: (job: Job | undefined, error: Error) => void): void {
    if (!this.worker) throw new Error('worker not started');
    this.worker.on(event, listener);
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async onApplicationShutdown() {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
    this.workerConnection.disconnect();
  }
}
