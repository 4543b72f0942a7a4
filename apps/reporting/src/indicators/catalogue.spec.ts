import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDICATOR_CODES } from '@sinergi/contracts';
import { INDICATORS } from './catalogue.js';

/** The repository's docs/domain.md, read as a reader of the repository would. */
const DOMAIN = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'domain.md');

interface DocumentedIndicator {
  code: string;
  unit: string;
  direction: string;
  policy: string[];
}

/** The rows of the table in the "## Indicators" section: code, names, definition, unit, source, direction, policy values. */
function documentedIndicators(markdown: string): DocumentedIndicator[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Indicators\n'));
  if (!section) throw new Error('docs/domain.md has no "## Indicators" section');
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  // The header row and the separator row come first.
  return rows.slice(2).map((cells) => {
    const [code = '', , , unit = '', , direction = '', policy = ''] = cells;
    const unquote = (text: string) => text.replace(/`/g, '').trim();
    return {
      code: unquote(code),
      unit: unquote(unit),
      direction: unquote(direction),
      policy: policy === '—' ? [] : policy.split(',').map(unquote),
    };
  });
}

describe('the indicator catalogue', () => {
  const documented = documentedIndicators(readFileSync(DOMAIN, 'utf8'));

  it('defines every indicator code exactly once', () => {
    expect(INDICATORS.map((i) => i.code).sort()).toEqual([...INDICATOR_CODES].sort());
  });

  it('gives every indicator a definition and an origin', () => {
    for (const indicator of INDICATORS) {
      expect({ code: indicator.code, definition: indicator.definition.trim().length > 0 }).toEqual({
        code: indicator.code,
        definition: true,
      });
      expect({ code: indicator.code, origin: indicator.origin.trim().length > 0 }).toEqual({
        code: indicator.code,
        origin: true,
      });
    }
  });

  it("is listed in docs/domain.md's indicator table, each code exactly once", () => {
    const codes = documented.map((row) => row.code);
    const twice = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(twice).toEqual([]);
    expect([...codes].sort()).toEqual(INDICATORS.map((i) => i.code).sort());
  });

  it("matches docs/domain.md's unit, direction and policy values for each indicator", () => {
    for (const indicator of INDICATORS) {
      const row = documented.find((r) => r.code === indicator.code);
      expect({ code: indicator.code, unit: row?.unit, direction: row?.direction, policy: row?.policy.sort() }).toEqual({
        code: indicator.code,
        unit: indicator.unit,
        direction: indicator.direction,
        policy: [...indicator.policy].sort(),
      });
    }
  });
});
