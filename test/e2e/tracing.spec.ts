/**
 * OpenTelemetry: one request followed from the gateway's HTTP span, through NATS into rehab, into
 * the event rehab writes and into reporting applying it — one trace id across three processes,
 * exported over OTLP/HTTP to a collector the test serves itself.
 */
import { createServer, type Server } from 'node:http';
import { eventually, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';
import { rehabKeys } from '../support/keys.js';

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

const ns = new TestNamespace('o');
const spans: CollectedSpan[] = [];
let collector: Server;
let endpoint = '';
const services = new Map<string, ServiceProcess>();
const api = client(() => (services.get('gateway') as ServiceProcess).url);

beforeAll(async () => {
  collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      try {
        const payload = JSON.parse(body) as { resourceSpans: any[] };
        for (const resource of payload.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
              });
            }
          }
        }
      } catch {}
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const address = collector.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
  await ns.start();
  ns.migrate(['rehab', 'reporting']);
  services.set('rehab', new ServiceProcess('rehab', ns.env('rehab', { ...rehabKeys(), ...otel })));
  services.set('reporting', new ServiceProcess('reporting', ns.env('reporting', otel)));
  services.set(
    'gateway',
    new ServiceProcess('gateway', ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1', ...otel })),
  );
  await Promise.all([...services.values()].map((s) => s.start()));
}, 120_000);

afterAll(async () => {
  await Promise.all([...services.values()].map((s) => s.stop()));
  await new Promise((resolve) => collector?.close(resolve));
  await ns.cleanup(['rehab', 'reporting']);
}, 60_000);

it('follows an admission from the gateway through NATS into rehab and its event into reporting', async () => {
  const officer = await token({ roles: ['rehab_officer'], region: '31.72' });
  const facility = await api('POST', '/v1/rehab/facilities', {
    token: officer,
    body: { name: 'Klinik', kind: 'clinic', regionCode: '31.72' },
  });
  const person = await api('POST', '/v1/rehab/clients', {
    token: officer,
    body: { identity: { fullName: 'Traced Client', birthDate: '1990-02-02' }, sex: 'female', regionCode: '31.72' },
  });
  const admission = await api('POST', `/v1/rehab/clients/${person.body.id}/admissions`, {
    token: officer,
    body: {
      facilityId: facility.body.id,
      program: 'inpatient',
      source: 'family',
      primarySubstance: 'heroin',
      admittedOn: '2024-06-06',
    },
  });
  expect(admission.status).toBe(201);

  const trace = await eventually(
    () => {
      const server = spans.find((s) => s.service === 'sinergi-rehab' && s.name === 'rpc rpc.rehab.client.admit');
      expect(server).toBeDefined();
      const inTrace = spans.filter((s) => s.traceId === server?.traceId);
      expect(inTrace.map((s) => s.name)).toEqual(expect.arrayContaining(['apply rehab.client.admitted.v2']));
      return inTrace;
    },
    { timeoutMs: 20_000, intervalMs: 250 },
  );
  const byName = (name: string) => trace.find((s) => s.name === name) as CollectedSpan;
  const http = trace.find((s) => s.service === 'sinergi-gateway' && s.name.startsWith('HTTP POST')) as CollectedSpan;
  const clientSpan = trace.find(
    (s) => s.service === 'sinergi-gateway' && s.name === 'rpc rpc.rehab.client.admit',
  ) as CollectedSpan;
  const serverSpan = trace.find((s) => s.service === 'sinergi-rehab') as CollectedSpan;
  const apply = byName('apply rehab.client.admitted.v2');
  expect(http).toBeDefined();
  // gateway HTTP → gateway NATS client → rehab NATS server → (event) → reporting consumer
  expect(clientSpan.parentSpanId).toBe(http.spanId);
  expect(serverSpan.parentSpanId).toBe(clientSpan.spanId);
  expect(apply.service).toBe('sinergi-reporting');
  expect(apply.parentSpanId).toBe(serverSpan.spanId);
  expect(new Set(trace.map((s) => s.service))).toEqual(
    new Set(['sinergi-gateway', 'sinergi-rehab', 'sinergi-reporting']),
  );
});
