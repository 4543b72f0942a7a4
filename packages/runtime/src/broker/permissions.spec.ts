import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBSCRIPTIONS } from '@sinergi/contracts';
import { NatsNames } from '../names.js';
import { permissionsOf, renderAuthConfig } from './permissions.js';
import { AUTH_CONFIG_FILE } from './server-config.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const grants = (user: Parameters<typeof permissionsOf>[0]) => {
  const p = permissionsOf(user);
  if (p === 'all') throw new Error(`${user} has every permission`);
  return p;
};

describe('broker permissions', () => {
  it('are what the shipped file says (npm run nats:auth rewrites it)', () => {
    expect(readFileSync(join(root, AUTH_CONFIG_FILE), 'utf8')).toBe(renderAuthConfig());
  });

  it('let only the gateway send requests, each service take only its own', () => {
    expect(grants('gateway').publish).toEqual(['rpc.>']);
    for (const service of ['rehab', 'enforcement', 'prevention', 'reporting'] as const) {
      const { publish, subscribe } = grants(service);
      expect(publish.some((s) => s.startsWith('rpc.'))).toBe(false);
      expect(subscribe).toEqual([`rpc.${service}.>`, `_INBOX_${service}.>`]);
    }
  });

  it("let a service answer into the gateway's inbox and no other (no allow_responses, see permissions.ts)", () => {
    for (const service of ['rehab', 'enforcement', 'prevention', 'reporting'] as const) {
      const inboxes = grants(service).publish.filter((s) => s.startsWith('_INBOX'));
      expect(inboxes).toEqual(['_INBOX_gateway.>']);
    }
    expect(renderAuthConfig()).not.toContain('allow_responses');
  });

  it("give enforcement exactly one window on REHAB: its durable, filtered to the assessment's outcome and overdue notice", () => {
    const onRehab = grants('enforcement').publish.filter((s) => s.includes('.REHAB') || s.includes('rehab'));
    expect(onRehab).toEqual([
      '$JS.API.CONSUMER.CREATE.REHAB.enforcement_from_rehab.rehab.assessment.>',
      '$JS.API.CONSUMER.INFO.REHAB.enforcement_from_rehab',
      '$JS.API.CONSUMER.MSG.NEXT.REHAB.enforcement_from_rehab',
      '$JS.ACK.REHAB.enforcement_from_rehab.>',
    ]);
  });

  it('let a producer publish only its own events, and no service manage streams', () => {
    for (const service of ['rehab', 'enforcement', 'prevention', 'reporting'] as const) {
      const { publish } = grants(service);
      const events = publish.filter((s) => !s.startsWith('$JS') && !s.startsWith('dlq.') && !s.startsWith('_INBOX'));
      expect(events).toEqual([`${service}.>`]);
      expect(publish.filter((s) => s.startsWith('$JS.API.STREAM'))).toEqual([]);
    }
  });

  it('follow the subscriptions table, and a namespace prefix', () => {
    const names = new NatsNames('t1.');
    for (const s of SUBSCRIPTIONS) {
      const p = permissionsOf(s.consumer, names);
      if (p === 'all') throw new Error('unexpected');
      expect(p.publish).toContain(
        `$JS.API.CONSUMER.CREATE.${names.stream(s.producer)}.${names.durable(s.consumer, s.producer)}.t1.${s.filterSubject}`,
      );
    }
  });
});
