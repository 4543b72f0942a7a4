import { PRODUCERS, SERVICES, type ServiceName, SUBSCRIPTIONS } from '@sinergi/contracts';
import { NatsNames } from '../names.js';

/**
 * What each broker user may publish and subscribe to, derived from the subscriptions table
 * (packages/contracts/src/topology.ts) and the RPC subjects. Rendered into the nats-server
 * configuration that every environment ships (deploy/base/nats-auth.conf), so the broker itself
 * keeps the privacy boundary: docs/security.md has the table in prose.
 */
export type BrokerUser = 'gateway' | ServiceName | 'admin';
export const BROKER_USERS: readonly BrokerUser[] = ['gateway', ...SERVICES, 'admin'];

export interface UserPermissions {
  publish: string[];
  subscribe: string[];
}

/** A connection's private reply subjects: nobody else may subscribe under them. */
export function inboxPrefix(user: BrokerUser): string {
  return `_INBOX_${user}`;
}

/** The environment variable that carries a user's public nkey to nats-server. */
export function nkeyVariable(user: BrokerUser): string {
  return `SINERGI_NKEY_${user.toUpperCase()}`;
}

/** The JetStream API subjects one durable pull consumer needs, and nothing wider. */
export function consumerSubjects(
  names: NatsNames,
  subscription: { consumer: ServiceName; producer: ServiceName; filterSubject: string; replays?: boolean },
): string[] {
  const stream = names.stream(subscription.producer);
  const durable = names.durable(subscription.consumer, subscription.producer);
  const filter = names.subject(subscription.filterSubject);
  return [
    // The filter is part of the create subject, so a wider filter or another name is refused.
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${filter}`,
    `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
    ...(subscription.replays ? [`$JS.API.CONSUMER.DELETE.${stream}.${durable}`] : []),
  ];
}

export function permissionsOf(user: BrokerUser, names = new NatsNames('')): UserPermissions | 'all' {
  if (user === 'admin') return 'all';
  if (user === 'gateway') {
    return { publish: [names.subject('rpc.>')], subscribe: [`${inboxPrefix(user)}.>`] };
  }
  const subscriptions = SUBSCRIPTIONS.filter((s) => s.consumer === user);
  const publish = [
    // Account info: the readiness check asks whether JetStream answers.
    '$JS.API.INFO',
    // Answers to the gateway, the only caller of RPC. Not `allow_responses`: nats-server 2.9
    // keeps an entry for every message delivered with a reply subject (each JetStream message,
    // whose ack subject is one) and walks them all as they pile up, so a consumer's deliveries
    // grow slower the more it has received (docs/benchmarks.md, P2).
    `${inboxPrefix('gateway')}.>`,
    ...(PRODUCERS.includes(user) ? [names.subject(`${user}.>`)] : []),
    ...(subscriptions.length > 0 ? [names.deadLetterSubject(user, '>')] : []),
    ...subscriptions.flatMap((s) => consumerSubjects(names, s)),
  ];
  return { publish, subscribe: [names.subject(`rpc.${user}.>`), `${inboxPrefix(user)}.>`] };
}

const quote = (subject: string) => JSON.stringify(subject);
const allowList = (kind: string, subjects: string[]) =>
  subjects.length <= 2
    ? [`          ${kind}: { allow: [${subjects.map(quote).join(', ')}] }`]
    : [`          ${kind}: { allow: [`, ...subjects.map((s) => `            ${quote(s)}`), '          ] }'];

/**
 * The `accounts` block of nats-server's configuration: one account, one nkey user per service,
 * no anonymous user. Public keys come from environment variables, so the file holds no key.
 */
export function renderAuthConfig(names = new NatsNames('')): string {
  const lines = [
    '# Generated from packages/runtime/src/broker/permissions.ts: `npm run nats:auth` rewrites it and',
    '# a spec fails when it is stale. Included by every nats-server configuration Sinergi ships',
    '# (local stack, tests, docker-compose.yml, deploy/). Each user is an nkey whose public key',
    '# comes from the environment variable named here; no anonymous connection is accepted.',
    '# docs/security.md explains every line.',
    'accounts {',
    '  SINERGI {',
    '    jetstream: enabled',
    '    users: [',
  ];
  for (const user of BROKER_USERS) {
    const permissions = permissionsOf(user, names);
    lines.push(`      # ${user}`);
    if (permissions === 'all') {
      lines.push(`      { nkey: $${nkeyVariable(user)} }`);
      continue;
    }
    lines.push(`      {`, `        nkey: $${nkeyVariable(user)}`, '        permissions: {');
    lines.push(...allowList('publish', permissions.publish), ...allowList('subscribe', permissions.subscribe));
    lines.push('        }', '      }');
  }
  lines.push('    ]', '  }', '}', '');
  return lines.join('\n');
}
