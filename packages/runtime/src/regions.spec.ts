import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIONAL_REGION, parentRegion, REGION_LEVELS, regionLevel } from '@sinergi/contracts';
import { RegionDirectory } from './regions.js';

/** The directory as it was held before it was packed (maps of names and child lists): the reference. */
function reference() {
  const data = join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data');
  const names = new Map<string, string>([[NATIONAL_REGION, 'Indonesia']]);
  const children = new Map<string, string[]>();
  for (const file of ['provinces', 'regencies', 'districts', 'villages']) {
    for (const line of readFileSync(join(data, `${file}.csv`), 'utf8')
      .split(/\r?\n/)
      .slice(1)) {
      if (!line) continue;
      const code = line.slice(0, line.indexOf(','));
      let name = line.slice(line.lastIndexOf(',') + 1);
      if (line.endsWith('"')) name = line.slice(line.lastIndexOf(',"') + 2, -1).replaceAll('""', '"');
      names.set(code, name);
      const parent = parentRegion(code) ?? NATIONAL_REGION;
      const siblings = children.get(parent);
      if (siblings) siblings.push(code);
      else children.set(parent, [code]);
    }
  }
  return { names, children };
}

describe('RegionDirectory', () => {
  const directory = RegionDirectory.load();
  const { names, children } = reference();

  it('knows every code of idn-area-data with its name, level and parent', () => {
    // The codes that differ, not ~91,600 expect() calls (a minute on a busy machine).
    const wrong = [...names].filter(
      ([code, name]) =>
        !directory.has(code) ||
        JSON.stringify(directory.get(code)) !==
          JSON.stringify({ code, name, level: regionLevel(code), parentCode: parentRegion(code) ?? null }),
    );
    expect(wrong).toEqual([]);
  });

  it('gives every region its children in file order, and none below a village', () => {
    const wrong = [...names.keys()].filter(
      (code) =>
        directory
          .childrenOf(code)
          .map((r) => r.code)
          .join() !== (children.get(code) ?? []).join(),
    );
    expect(wrong).toEqual([]);
    expect(directory.childrenOf('31.72.01')[0]).toEqual(directory.get(children.get('31.72.01')?.[0] ?? ''));
  });

  it('counts each level as the files do', () => {
    for (const level of REGION_LEVELS) {
      expect(directory.count(level)).toBe([...names.keys()].filter((c) => regionLevel(c) === level).length);
    }
    expect(directory.count('province')).toBe(38);
    expect(directory.count('village')).toBeGreaterThan(80_000);
  });

  it('keeps quoted names whole (a comma or a doubled quote inside)', () => {
    expect(directory.get('12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    expect(directory.get('35.13.15.2017')?.name).toBe('Soka"an');
  });

  it.each([
    '',
    '3',
    '31.7',
    '31.72.0',
    '99',
    '31.99',
    '31.72.99',
    '31.72.01.9999',
    '31.72.01.1001.1',
    '31x72',
    'id',
    '31.72.01.10011',
  ])('does not know %j', (code) => {
    expect(directory.has(code)).toBe(false);
    expect(directory.get(code)).toBeUndefined();
    expect(directory.childrenOf(code)).toEqual([]);
  });

  it('is one instance per process', () => {
    expect(RegionDirectory.load()).toBe(directory);
  });
});
