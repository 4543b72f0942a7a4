/**
 * The AsyncAPI document other agencies' systems read (served at /v1/asyncapi.json) is checked by
 * the AsyncAPI initiative's own parser, not only for its version string: no error, and every event
 * contract a channel at its subject with a message whose payload is the envelope's schema.
 */
import { Parser } from '@asyncapi/parser';
import { ALL_EVENTS } from './catalog.js';
import { asyncApiDocument } from './json-schema.js';

const parser = new Parser();

async function parse(document: unknown) {
  const { document: parsed, diagnostics } = await parser.parse(JSON.stringify(document));
  const errors = diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
  return { parsed, errors };
}

describe('the AsyncAPI document', () => {
  it('parses without an error, with a channel and a message for every event contract', async () => {
    const { parsed, errors } = await parse(asyncApiDocument('1.0.0'));
    expect(errors).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    const channels = new Map((parsed?.allChannels().all() ?? []).map((c) => [c.address(), c]));
    for (const event of ALL_EVENTS) {
      const channel = channels.get(event.subject);
      expect([event.subject, channel !== undefined]).toEqual([event.subject, true]);
      const messages = channel?.messages().all() ?? [];
      expect([event.subject, messages.length]).toEqual([event.subject, 1]);
      const payload = messages[0]?.payload()?.json() as { properties?: Record<string, unknown> } | undefined;
      // The envelope: its id, its type and the contract's payload.
      expect([event.subject, Object.keys(payload?.properties ?? {})]).toEqual([
        event.subject,
        expect.arrayContaining(['eventId', 'type', 'payload']),
      ]);
    }
    expect(channels.size).toBe(ALL_EVENTS.length);
  });

  it('is refused when broken (the check can fail)', async () => {
    const broken = structuredClone(asyncApiDocument('1.0.0')) as Record<string, unknown>;
    delete broken.info;
    expect((await parse(broken)).errors.length).toBeGreaterThan(0);
  });
});
