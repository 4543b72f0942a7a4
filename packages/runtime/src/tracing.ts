import { type Context, context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. One trace follows a
 * request from the gateway's HTTP span, through NATS (W3C `traceparent` in the request
 * headers) into the service, into the event it writes (`traceparent` in the envelope) and into
 * the consumer that applies it. With tracing off every call here is a cheap no-op.
 */
let provider: NodeTracerProvider | undefined;

export function startTracing(service: string, env: Record<string, string | undefined> = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (provider || !endpoint) return Boolean(provider);
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `sinergi-${service}` }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 500,
      }),
    ],
  });
  provider.register();
  return true;
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

const tracer = () => trace.getTracer('sinergi');

/** Runs `fn` inside a new span, a child of `parent` (or of the active context), recording failure. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string>,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span that outlives one call (an HTTP request from hook to hook); the caller ends it. */
export function startSpan(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string>,
): { span: Span; context: Context } {
  const span = tracer().startSpan(name, { kind, attributes });
  return { span, context: trace.setSpan(context.active(), span) };
}

/** A span with an explicit parent (an event's producer) that the caller ends, e.g. around a batch. */
export function startChildSpan(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string>,
  parent: Context,
): Span {
  return tracer().startSpan(name, { kind, attributes }, parent);
}

/** Ends spans together, marking them failed when the work they stood for failed. */
export function endSpans(spans: Span[], error?: unknown): void {
  for (const span of spans) {
    if (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

/** The W3C trace headers of a context, to carry across NATS or in an event. */
export function traceCarrier(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

export function contextFrom(carrier: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}

export { SpanKind };
