/**
 * Writes generated/openapi.json: the OpenAPI document the gateway serves at /v1/openapi.json,
 * built by the gateway's own provider (apps/gateway/src/gateway.module.ts) from its compiled
 * dist, so the client is generated without a running stack. test/e2e/client.spec.ts fails when
 * the served document and this one differ.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayModule } from '@sinergi/gateway/dist/gateway.module.js';
import { OPENAPI_DOCUMENT } from '@sinergi/gateway/dist/routes/docs.controller.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The provider list needs a config and a logger only to hold them; building the document reads neither.
const gateway = GatewayModule.forConfig({ NATS_PREFIX: '' }, console);
const provider = gateway.providers.find((p) => p.provide === OPENAPI_DOCUMENT);
if (!provider?.useFactory) throw new Error('the gateway module no longer provides OPENAPI_DOCUMENT by a factory');
const document = provider.useFactory();
mkdirSync(join(root, 'generated'), { recursive: true });
writeFileSync(join(root, 'generated', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote generated/openapi.json (${Object.keys(document.paths).length} paths)`);
