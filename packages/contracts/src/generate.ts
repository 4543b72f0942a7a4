/**
 * Writes the contracts' JSON Schemas and the AsyncAPI document to `generated/`.
 * `--release` also records the current schemas as released (the compatibility snapshot) and
 * publishes, for systems that do not use TypeScript, the AsyncAPI document and one JSON Schema
 * per event (`released/events/<subject>.json`, the whole envelope with its payload).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument, contractSchemas } from './json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const schemas = contractSchemas();
const out = join(root, 'generated');
mkdirSync(join(out, 'schemas'), { recursive: true });
for (const [name, schema] of Object.entries(schemas)) {
  writeFileSync(join(out, 'schemas', `${name.replaceAll(':', '_')}.json`), `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync(join(out, 'asyncapi.json'), `${JSON.stringify(asyncApiDocument(pkg.version), null, 2)}\n`);
if (process.argv.includes('--release')) {
  const released = join(root, 'released');
  writeFileSync(join(released, 'schemas.json'), `${JSON.stringify(schemas, null, 2)}\n`);
  writeFileSync(join(released, 'asyncapi.json'), `${JSON.stringify(asyncApiDocument(pkg.version), null, 2)}\n`);
  rmSync(join(released, 'events'), { recursive: true, force: true });
  mkdirSync(join(released, 'events'));
  for (const [name, schema] of Object.entries(schemas)) {
    if (name.startsWith('event:')) {
      writeFileSync(
        join(released, 'events', `${name.slice('event:'.length)}.json`),
        `${JSON.stringify(schema, null, 2)}\n`,
      );
    }
  }
  console.log(`released ${Object.keys(schemas).length} contracts`);
}
console.log(`wrote ${Object.keys(schemas).length} schemas and asyncapi.json to ${out}`);
