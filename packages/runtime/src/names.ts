import type { ServiceName } from '@sinergi/contracts';

/**
 * NATS names under a namespace prefix: production runs with none; each test run takes its own
 * (`t1a2b.`), so runs and a live stack share one NATS server without seeing each other.
 */
export class NatsNames {
  private readonly token: string;

  constructor(readonly prefix: string) {
    this.token = prefix.replace(/\.$/, '').replace(/[^a-z0-9_]/gi, '_');
  }

  subject(subject: string): string {
    return `${this.prefix}${subject}`;
  }

  /** The subject as the contracts name it, without the namespace. */
  unprefixed(subject: string): string {
    return this.prefix && subject.startsWith(this.prefix) ? subject.slice(this.prefix.length) : subject;
  }

  /** One stream per producing service: REHAB holds `rehab.>`. */
  stream(service: ServiceName | 'dlq'): string {
    const base = service.toUpperCase();
    return this.token ? `${this.token.toUpperCase()}_${base}` : base;
  }

  durable(consumer: string, producer: ServiceName): string {
    const base = `${consumer}_from_${producer}`;
    return this.token ? `${this.token}_${base}` : base;
  }

  /** Where an event that keeps failing goes: `dlq.<consumer>.<subject>`. */
  deadLetterSubject(consumer: string, subject: string): string {
    return this.subject(`dlq.${consumer}.${subject}`);
  }
}
