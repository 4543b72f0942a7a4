import { EnforcementEvents, EnforcementRpc } from './enforcement.js';
import type { EventContract } from './envelope.js';
import { PreventionEvents, PreventionRpc } from './prevention.js';
import { RehabEvents, RehabRpc } from './rehab.js';
import { ReportQueueRpc } from './report-queue.js';
import { ReportingEvents, ReportingRpc } from './reporting.js';
import type { RpcContract } from './rpc.js';

/** Every event contract, for stream provisioning, schema generation and AsyncAPI. */
export const ALL_EVENTS: readonly EventContract[] = [
  ...Object.values(RehabEvents),
  ...Object.values(EnforcementEvents),
  ...Object.values(PreventionEvents as Record<string, EventContract>),
  ...Object.values(ReportingEvents as Record<string, EventContract>),
];

/** Every request/reply contract. */
export const ALL_RPCS: readonly RpcContract[] = [
  ...Object.values(RehabRpc),
  ...Object.values(EnforcementRpc as Record<string, RpcContract>),
  ...Object.values(PreventionRpc as Record<string, RpcContract>),
  ...Object.values(ReportingRpc),
  ...Object.values(ReportQueueRpc as Record<string, RpcContract>),
];

export function eventContractFor(subject: string): EventContract | undefined {
  return ALL_EVENTS.find((contract) => contract.subject === subject);
}
