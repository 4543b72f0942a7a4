#!/usr/bin/env node
/**
 * Derives the crosswalk between two editions of the Kemendagri region codes from the
 * `idn-area-data` releases installed side by side (packages/runtime/data/editions.json names
 * each edition's package), and writes packages/runtime/data/crosswalk-<from>-<to>.json.
 *
 *   node scripts/geo/crosswalk.mjs 2022 2025          # write the file (then biome check --write it)
 *   node scripts/geo/crosswalk.mjs 2022 2025 --check  # fail if the committed file differs
 *
 * Matching is by names, never by code alone: names are normalised (case, quotes and dots,
 * hyphens, runs of spaces, "Kab."/"Kabupaten"), a province by its name, a regency by its name and
 * its districts' names, a district by its name within its regency's successor, a village by its
 * name within its district's successor. A code is
 * - unchanged: in both, the same name under the same parent;
 * - renamed: in both under the same parent, another name (a spelling), still the same place;
 * - moved: gone, and one code of the newer edition is the same place (92.71 → 96.71);
 * - split: its children went to several codes of the newer edition (92 → 92 and 96);
 * - merged: several gone codes went into one new code (an added code carved out of codes that
 *   still exist names them as `from`);
 * - retired: gone, with no successor found; added: new, with no predecessor;
 * - reused: a code the newer edition gives to another place than the older did (never moved).
 * A district or village under a moved code that keeps its own suffix (92.71.01 → 96.71.01) is
 * not listed: `childrenFollow` says the rule holds, and the script fails where it does not.
 * docs/operations.md ("Geography editions") says when to run it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtime = join(root, 'packages', 'runtime');
const LEVELS = ['province', 'regency', 'district', 'village'];
const FILES = { province: 'provinces', regency: 'regencies', district: 'districts', village: 'villages' };

/** Rows `code,...,name` of one idn-area-data CSV; a name may be quoted (`"Soka""an"`). */
function readLevel(directory, level) {
  const text = readFileSync(join(directory, `${FILES[level]}.csv`), 'utf8');
  const rows = new Map();
  for (const raw of text.split('\n').slice(1)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    const code = line.slice(0, line.indexOf(','));
    const name = line.endsWith('"')
      ? line.slice(line.lastIndexOf(',"') + 2, -1).replaceAll('""', '"')
      : line.slice(line.lastIndexOf(',') + 1);
    rows.set(code, name);
  }
  return rows;
}

export function normalise(name) {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/["'’`.,()]/g, '')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^kab(upaten)? /, 'kab ');
}

/** The name as the newer edition writes it, in title case where the package shouts (3.0.0 does). */
const display = (name) =>
  name === name.toUpperCase() ? name.toLowerCase().replace(/(^|[\s(/-])\p{L}/gu, (c) => c.toUpperCase()) : name;

const parentOf = (code) => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);

function loadEdition(id) {
  const editions = JSON.parse(readFileSync(join(runtime, 'data', 'editions.json'), 'utf8')).editions;
  const edition = editions.find((e) => e.id === id);
  if (!edition?.package)
    throw new Error(`edition ${id} has no installed package (packages/runtime/data/editions.json)`);
  const require = createRequire(join(runtime, 'package.json'));
  const directory = join(dirname(require.resolve(`${edition.package}/package.json`)), 'data');
  const version = JSON.parse(readFileSync(require.resolve(`${edition.package}/package.json`), 'utf8')).version;
  const levels = Object.fromEntries(LEVELS.map((level) => [level, readLevel(directory, level)]));
  const children = Object.fromEntries(
    LEVELS.map((level) => {
      const by = new Map();
      for (const code of levels[level].keys()) {
        const parent = parentOf(code) ?? 'ID';
        if (!by.has(parent)) by.set(parent, []);
        by.get(parent).push(code);
      }
      return [level, by];
    }),
  );
  return { ...edition, version, levels, children };
}

/** Two spellings of one name: one holds the other ("Keladum/Maladuk", "Maladuk"), or at most two edits apart. */
function alike(a, b) {
  if (a.length >= 4 && b.length >= 4 && (a.includes(b) || b.includes(a))) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length] <= 2;
}

/** How much two sets of names share (Jaccard). */
function overlap(a, b) {
  const left = new Set(a);
  const right = new Set(b);
  let common = 0;
  for (const x of left) if (right.has(x)) common += 1;
  const union = left.size + right.size - common;
  return union === 0 ? 1 : common / union;
}

/**
 * One level's successors: for each code of the older edition, the codes of the newer edition
 * its place went to, given the successors of the level above (`above`, old parent → new parents).
 */
function successorsAt(level, older, newer, above) {
  // A code of the level above that nothing led to (a new province) may have received any place.
  const reached = new Set([...above.values()].flat());
  const levelAbove = LEVELS[LEVELS.indexOf(level) - 1];
  const fresh = levelAbove ? [...newer.levels[levelAbove].keys()].filter((c) => !reached.has(c)) : [];
  const oldRows = older.levels[level];
  const newRows = newer.levels[level];
  const below = LEVELS[LEVELS.indexOf(level) + 1];
  const namesBelow = (edition, code) =>
    below ? (edition.children[below].get(code) ?? []).map((c) => normalise(edition.levels[below].get(c))) : [];
  const result = new Map();
  for (const [code, name] of oldRows) {
    const key = normalise(name);
    const parent = parentOf(code);
    // Where the parent's place went (a province has the nation as its parent).
    const parents = parent ? [...(above.get(parent) ?? []), ...fresh] : ['ID'];
    const candidates = parents.flatMap((p) =>
      (newer.children[level].get(p) ?? []).filter((c) => normalise(newRows.get(c)) === key),
    );
    if (newRows.has(code) && parents.includes(parentOf(code) ?? 'ID')) {
      if (normalise(newRows.get(code)) === key) {
        result.set(code, { to: [code] });
        continue;
      }
      // Same code under the same parent, another name: a renaming (a spelling) if it keeps
      // most of its children's codes; names below are respelled along with it (Minang names).
      const codesBelow = (edition) => (below ? (edition.children[below].get(code) ?? []) : []);
      if (!below || overlap(codesBelow(older), codesBelow(newer)) >= 0.5) {
        result.set(code, { to: [code], renamed: display(newRows.get(code)) });
        continue;
      }
    }
    let chosen = candidates;
    const siblings = parents.flatMap((p) => newer.children[level].get(p) ?? []);
    if (below) {
      // Children decide: a code whose children's names mostly went to one new code went there,
      // whatever the names say (Kepulauan Ayau and Ayau traded codes and names in 2025).
      const scored = siblings.map((c) => [c, overlap(namesBelow(older, code), namesBelow(newer, c))]);
      const best = Math.max(0, ...scored.map(([, s]) => s));
      const byChildren = scored.filter(([, s]) => s === best && s >= 0.5).map(([c]) => c);
      if (byChildren.length === 1) chosen = byChildren;
      else if (chosen.length > 1) chosen = chosen.filter((c) => byChildren.includes(c));
      else if (chosen.length === 1 && LEVELS.indexOf(level) < 2 && best < 0.5) chosen = [];
    } else if (chosen.length === 0) {
      // A village respelled as it moved (Wariayau → Wariyau): the one similar name there.
      const own = (above.get(parent) ?? []).flatMap((p) => newer.children[level].get(p) ?? []);
      const similar = own.filter((c) => alike(key, normalise(newRows.get(c))));
      if (similar.length === 1) chosen = similar;
    }
    result.set(code, {
      to: chosen.length === 1 ? chosen : [],
      ...(chosen.length === 1 && normalise(newRows.get(chosen[0])) !== key ? { respelled: true } : {}),
    });
  }
  return result;
}

export function derive(fromId, toId) {
  const older = loadEdition(fromId);
  const newer = loadEdition(toId);
  const out = {
    from: fromId,
    to: toId,
    basis: { [fromId]: older.basis, [toId]: newer.basis },
    packages: { [fromId]: `idn-area-data@${older.version}`, [toId]: `idn-area-data@${newer.version}` },
    derivedBy: 'scripts/geo/crosswalk.mjs',
    childrenFollow: true,
    counts: {},
    moved: [],
    renamed: [],
    split: [],
    merged: [],
    retired: [],
    added: [],
  };
  const exceptions = [];
  let above = new Map([['ID', ['ID']]]);
  for (const level of LEVELS) {
    const successors = successorsAt(level, older, newer, above);
    // Where each code's children went decides a split; the code's own match decides a move.
    const next = new Map();
    const predecessors = new Map();
    for (const [code, { to }] of successors) {
      next.set(code, to);
      for (const c of to) predecessors.set(c, [...(predecessors.get(c) ?? []), code]);
    }
    const counts = { [fromId]: older.levels[level].size, [toId]: newer.levels[level].size, unchanged: 0 };
    const childLevel = LEVELS[LEVELS.indexOf(level) + 1];
    const listed = level === 'province' || level === 'regency';
    for (const [code, { to, renamed, respelled }] of successors) {
      const name = older.levels[level].get(code);
      if (to.length === 1 && to[0] === code) {
        if (renamed) {
          counts.renamed = (counts.renamed ?? 0) + 1;
          if (listed) out.renamed.push({ level, code, from: display(name), to: renamed });
        } else counts.unchanged += 1;
      } else if (to.length === 1) {
        counts.moved = (counts.moved ?? 0) + 1;
        // A child that keeps its own number under its parent's successor follows the parent.
        const follows =
          above.get(parentOf(code))?.[0] === parentOf(to[0]) &&
          code.slice(parentOf(code).length) === to[0].slice(parentOf(to[0]).length);
        const entry = { level, from: code, to: to[0], name: display(newer.levels[level].get(to[0])) };
        if (listed) out.moved.push(entry);
        // Listed where the rule does not explain it, or where the name changed on the way.
        else if (!follows || respelled) exceptions.push(respelled ? { ...entry, was: display(name) } : entry);
      } else {
        counts.gone = (counts.gone ?? 0) + 1;
        if (listed) out.retired.push({ level, code, name: display(name) });
        else exceptions.push({ level, retired: code, name: display(name) });
      }
    }
    const added = [];
    for (const [code, name] of newer.levels[level]) {
      if (predecessors.has(code)) continue;
      counts.added = (counts.added ?? 0) + 1;
      added.push({ level, code, name: display(name) });
    }
    // A split: the children of one code of this level went to children of several. An added
    // code was carved out of the codes its children came from (merged, if more than one).
    if (childLevel) {
      const childSuccessors = successorsAt(childLevel, older, newer, next);
      for (const code of older.levels[level].keys()) {
        const went = new Set();
        for (const child of older.children[childLevel].get(code) ?? [])
          for (const c of childSuccessors.get(child)?.to ?? []) went.add(parentOf(c));
        if (went.size > 1) out.split.push({ level, from: code, to: [...went].sort() });
      }
      for (const entry of added) {
        const from = new Set();
        for (const [child, { to }] of childSuccessors)
          if (to.some((c) => parentOf(c) === entry.code)) from.add(parentOf(child));
        if (from.size > 0) entry.from = [...from].sort();
        // Merged: codes that are gone went into it (where they still exist, it was carved out of them).
        const gone = [...from].filter((c) => !newer.levels[level].has(c));
        if (gone.length > 1) out.merged.push({ level, from: gone.sort(), to: entry.code });
      }
    }
    if (listed) out.added.push(...added);
    else exceptions.push(...added);
    out.counts[level] = counts;
    above = new Map([...next].map(([code, to]) => [code, to.length > 0 ? to : []]));
  }
  // A code both editions hold for different places cannot be read without its edition: it is
  // listed as reused, and no move to or from it is (its facts stay where they were recorded).
  out.reused = [];
  const reused = (e) =>
    e.to &&
    !Array.isArray(e.to) &&
    older.levels[e.level].has(e.to) &&
    normalise(older.levels[e.level].get(e.to)) !== normalise(e.name);
  for (const e of [...out.moved, ...exceptions])
    if (reused(e)) out.reused.push({ level: e.level, code: e.to, from: e.from });
  out.moved = out.moved.filter((e) => !reused(e));
  // Below the regency the file lists only what the move of a parent does not explain.
  out.districts = exceptions.filter((e) => e.level === 'district' && !reused(e));
  out.villages = exceptions.filter((e) => e.level === 'village' && !reused(e));
  return out;
}

const [fromId, toId, flag] = process.argv.slice(2);
if (fromId && toId) {
  const file = join(runtime, 'data', `crosswalk-${fromId}-${toId}.json`);
  const crosswalk = derive(fromId, toId);
  const text = `${JSON.stringify(crosswalk, null, 2)}\n`;
  if (flag === '--check') {
    // Compared as data: the committed file may be laid out by the formatter (biome).
    if (JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) !== JSON.stringify(crosswalk)) {
      console.error(
        `${file} differs from what the editions give: run node scripts/geo/crosswalk.mjs ${fromId} ${toId}`,
      );
      process.exit(1);
    }
    console.log(`${file} is up to date`);
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
