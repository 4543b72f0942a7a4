import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Geography } from './editions.js';
import { RegionDirectory, unknownRegionProblem } from './regions.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const data = (file: string) => JSON.parse(readFileSync(join(root, 'packages/runtime/data', file), 'utf8'));

/** Every code of one level of an installed release, with its name. */
function level(pkg: string, file: string): Map<string, string> {
  const directory = join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'data');
  const rows = new Map<string, string>();
  for (const line of readFileSync(join(directory, `${file}.csv`), 'utf8')
    .split(/\r?\n/)
    .slice(1)) {
    if (!line) continue;
    const name = line.endsWith('"')
      ? line.slice(line.lastIndexOf(',"') + 2, -1).replaceAll('""', '"')
      : line.slice(line.lastIndexOf(',') + 1);
    rows.set(line.slice(0, line.indexOf(',')), name);
  }
  return rows;
}

/** Names compared as spellings: case, punctuation, spaces and "Kab."/"Kabupaten" aside. */
const same = (a: string, b: string) => {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/^kab(upaten)?\.? /, 'kab ')
      .replace(/[^a-z0-9]/g, '');
  return norm(a) === norm(b);
};

describe('geography editions', () => {
  const geography = Geography.load();
  const derived = data('crosswalk-2022-2025.json');

  it('commits the crosswalk the two installed releases give', () => {
    // The script derives it again and fails on any difference from the committed file.
    const out = execFileSync(process.execPath, [join(root, 'scripts/geo/crosswalk.mjs'), '2022', '2025', '--check'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/up to date/);
    expect(derived.packages).toEqual({ 2022: 'idn-area-data@3.0.0', 2025: 'idn-area-data@4.0.1' });
  });

  it('moves Kota Sorong and Raja Ampat from Papua Barat to Papua Barat Daya', () => {
    expect(derived.moved).toEqual(
      expect.arrayContaining([
        { level: 'regency', from: '92.71', to: '96.71', name: 'Kota Sorong' },
        { level: 'regency', from: '92.05', to: '96.03', name: 'Kabupaten Raja Ampat' },
      ]),
    );
    expect(derived.split).toContainEqual({ level: 'province', from: '92', to: ['92', '96'] });
    expect(derived.added).toContainEqual({ level: 'province', code: '96', name: 'Papua Barat Daya', from: ['92'] });
    // Papua Barat lost them: it had them in 3.0.0 and has neither in 4.0.1.
    const names = (directory: RegionDirectory | undefined) =>
      directory?.childrenOf('92').map((r) => r.name.toLowerCase());
    expect(names(RegionDirectory.ofEdition('2022'))).toEqual(
      expect.arrayContaining(['kota sorong', 'kabupaten raja ampat']),
    );
    expect(names(RegionDirectory.load())).not.toContain('kota sorong');
    expect(names(RegionDirectory.load())).not.toContain('kabupaten raja ampat');
    expect(RegionDirectory.load().get('96.71')?.name).toBe('Kota Sorong');
  });

  it('accounts for every code of 3.0.0: unchanged, the same place under its new code, or retired', () => {
    const listedRetired = new Set(
      [...derived.retired, ...derived.districts, ...derived.villages].map((e) => e.code ?? e.retired).filter(Boolean),
    );
    // Moves the script decided by children's or similar names (a district whose name went to
    // another, a village respelled) are listed; every other move must keep the name.
    const listedMoves = new Set(
      [...derived.moved, ...derived.districts, ...derived.villages].filter((e) => e.to).map((e) => `${e.from}>${e.to}`),
    );
    const files = ['provinces', 'regencies', 'districts', 'villages'];
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      const older = level('idn-area-data-3', file);
      const newer = level('idn-area-data', file);
      for (const [code, name] of older) {
        checked += 1;
        const now = geography.translate(code, '2025');
        const known = now !== null && newer.has(now);
        if (known && (now === code || same(name, newer.get(now) as string) || listedMoves.has(`${code}>${now}`)))
          continue;
        if (now === code && listedRetired.has(code)) continue;
        wrong.push(`${code} ${name} → ${now} ${now ? newer.get(now) : ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(37 + 514 + 7277 + 83763);
  });

  it('keeps the hand-written 2021 → 2022 step (UU 14, 15, 16/2022) in line with the 2022 codes', () => {
    const step = data('crosswalk-2021-2022.json');
    const older = RegionDirectory.ofEdition('2022');
    for (const move of step.moved)
      expect([move.to, older?.get(move.to)?.name.toLowerCase()]).toEqual([move.to, move.name.toLowerCase()]);
    expect(step.decrees.map((d: { law: string }) => d.law)).toEqual(['UU 14/2022', 'UU 15/2022', 'UU 16/2022']);
    expect(geography.translate('91.01', '2025')).toBe('93.01');
    expect(geography.translate('91.03', '2025')).toBe('91.03'); // Jayapura stayed in Papua
    // Districts of the 2021 edition were renumbered and are not listed: not translated.
    expect(geography.translate('91.04.06', '2022')).toBeNull();
  });

  it('translates codes both ways and reads a region from the codes of every edition', () => {
    expect(geography.translate('92.71', '2025')).toBe('96.71');
    expect(geography.translate('96.71', '2022')).toBe('92.71');
    expect(geography.translate('96.71.01', '2022')).toBe('92.71.01');
    expect(geography.translate('96', '2022')).toBe('92'); // carved out of Papua Barat: its history
    expect(geography.translate('31.72', '2022')).toBe('31.72');

    expect(geography.codesOf('96.71', '2025')).toEqual({ same: ['96.71', '92.71'], include: [], exclude: [] });
    // A district that followed its regency, and one renumbered on the way (92.01.04 → 96.01.02).
    expect(geography.codesOf('96.71.01', '2025').same).toEqual(['96.71.01', '92.71.01']);
    expect(geography.codesOf('96.01.02', '2025').same).toEqual(['96.01.02', '92.01.04']);
    expect(geography.codesOf('92.71.01', '2022').same).toEqual(['92.71.01', '96.71.01']);
    const pbd = geography.codesOf('96', '2025');
    expect(pbd.same).toEqual(['96']);
    expect(pbd.include).toEqual(expect.arrayContaining(['92.71', '92.05', '92.01', '92.04', '92.09', '92.10']));
    expect(pbd.include).toHaveLength(6);
    expect(geography.codesOf('92', '2025').exclude).toEqual(expect.arrayContaining(['92.71', '92.05']));
    expect(geography.codesOf('92', '2025').include).toEqual([]);
    expect(geography.codesOf('92', '2022')).toEqual({ same: ['92', '96'], include: [], exclude: [] });
    expect(geography.codesOf('31.72', '2025')).toEqual({ same: ['31.72'], include: [], exclude: [] });
    expect(geography.notesOf('92', '2025').join(' ')).toMatch(/leaves out .*92\.71/);
    expect(geography.notesOf('72.01.09', '2025').join(' ')).toMatch(/split .* parent's history/);
  });

  it('loads an older edition only down to districts', () => {
    const older = RegionDirectory.ofEdition('2022');
    expect(older?.count('province')).toBe(37);
    expect(older?.count('district')).toBe(7277);
    expect(older?.count('village')).toBe(0);
    expect(older?.has('92.71')).toBe(true);
    expect(older?.has('96')).toBe(false);
    expect(RegionDirectory.ofEdition('2021')).toBeUndefined();
    expect(RegionDirectory.ofEdition('2025')).toBe(RegionDirectory.load());
  });
});

describe('unknownRegionProblem', () => {
  const regions = RegionDirectory.load();

  it('names the code a retired one became, and since which edition', () => {
    expect(unknownRegionProblem(regions, '92.71')).toBe(
      '92.71 is not a current region; since edition 2025 it is 96.71 (Kota Sorong, Papua Barat Daya)',
    );
    expect(unknownRegionProblem(regions, '92.05')).toBe(
      '92.05 is not a current region; since edition 2025 it is 96.03 (Kabupaten Raja Ampat, Papua Barat Daya)',
    );
    expect(unknownRegionProblem(regions, '91.01')).toBe(
      '91.01 is not a current region; since edition 2022 it is 93.01 (Kabupaten Merauke, Papua Selatan)',
    );
    expect(unknownRegionProblem(regions, '92.71.01')).toMatch(
      /^92\.71\.01 is not a current region; since edition 2025 it is 96\.71\.01 \(/,
    );
  });

  it('keeps the plain message for a code no edition knows, and none for a current one', () => {
    expect(unknownRegionProblem(regions, '99.99')).toBe('99.99 is not a known region');
    expect(unknownRegionProblem(regions, '91.04.06')).toBe('91.04.06 is not a known region');
    expect(unknownRegionProblem(regions, '96.71')).toBeUndefined();
    expect(unknownRegionProblem({ has: (code) => code === '96.71' }, '92.71')).toBe(
      '92.71 is not a current region; since edition 2025 it is 96.71',
    );
  });
});
