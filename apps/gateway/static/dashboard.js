/**
 * The regional dashboard (apps/gateway/static/dashboard.html, served at /dashboard): after the
 * sign-in (./dashboard-auth.js) it shows the region of the token, or the one picked by name, for
 * a year: every live indicator with its target and achievement (GET /v1/reporting/indicators),
 * its months this year against the last (GET /v1/reporting/trends, ./dashboard-charts.js), and
 * the regions below ranked by achievement with their approval (GET /v1/reporting/approvals) and
 * completeness (GET /v1/reporting/completeness). Hidden figures show as the API gives them
 * (`<5`, `x`, `–`). A region outside the caller's scope is answered 404 by the API, and the page
 * says so. Everything it shows of an answer goes into the page as text nodes, never as markup.
 */
import { claimsOf, startSession } from './dashboard-auth.js';
import { clearCharts, drawTrend, hasMonths } from './dashboard-charts.js';
import { TEXT } from './dashboard-text.js';

const LANG_KEY = 'sinergi.lang';
const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id',
  session: null,
  token: '',
  claims: {},
  region: '',
  year: 0,
  data: null,
  ranking: 'rehab.admissions',
  names: new Map(),
  searchTimer: 0,
  searchSeq: 0,
  loadSeq: 0,
};
const t = () => TEXT[state.lang];

/** An element with attributes and children (strings become text nodes, so nothing is parsed as markup). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

class ApiError extends Error {
  constructor(status, detail) {
    super(`${status} ${detail}`);
    this.status = status;
  }
}

/** GET on the JSON API with the session's token; a problem+json answer becomes an ApiError. */
async function get(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${state.token}` } });
  const body = (response.headers.get('content-type') || '').includes('json') ? await response.json() : null;
  if (response.status === 401) {
    await state.session.forget();
    showSignIn(t().expired);
    throw new ApiError(401, body?.detail ?? 'unauthenticated');
  }
  if (!response.ok) throw new ApiError(response.status, body?.detail ?? response.statusText);
  return body;
}

const number = (value, unit) => {
  if (value === null || value === undefined) return '–';
  const shown = new Intl.NumberFormat(t().locale, { maximumFractionDigits: 1 }).format(value);
  return unit === 'percent' ? `${shown}%` : shown;
};
/** A published cell as it is shown: its number, or `<5`, `x`, `–` exactly as the API gave it. */
const shownCell = (cell, unit) => (!cell || cell.suppressed ? (cell?.display ?? '–') : number(cell.value, unit));
const nameOf = (indicator) => (state.lang === 'id' ? indicator.labelId : indicator.label);
const area = (code) => code.slice(0, code.indexOf('.'));

// ---------- Regions: names, the breadcrumb and the search ----------

/** The codes above a region and itself, the nation first: `31.72.01` → ID, 31, 31.72, 31.72.01. */
function lineage(code) {
  if (code === 'ID') return ['ID'];
  const parts = code.split('.');
  return ['ID', ...parts.map((_, i) => parts.slice(0, i + 1).join('.'))];
}

async function regionName(code) {
  if (!state.names.has(code)) {
    const region = await get(`/v1/regions/${encodeURIComponent(code)}`);
    state.names.set(code, region.name);
  }
  return state.names.get(code);
}

async function renderCrumbs() {
  const codes = lineage(state.region);
  const names = await Promise.all(codes.map((code) => regionName(code).catch(() => code)));
  $('crumbs').replaceChildren(
    ...codes.map((code, i) => {
      const last = i === codes.length - 1;
      return el(
        'li',
        {},
        last
          ? el('span', { 'aria-current': 'page' }, names[i])
          : el('button', { type: 'button', class: 'link', 'data-region': code }, names[i]),
      );
    }),
  );
}

function closeResults() {
  $('search-results').hidden = true;
  $('search').setAttribute('aria-expanded', 'false');
  $('search').removeAttribute('aria-activedescendant');
}

async function search() {
  const q = $('search').value.trim();
  const seq = ++state.searchSeq;
  if (q.length < 2) return closeResults();
  let items = [];
  try {
    ({ items } = await get(`/v1/regions?q=${encodeURIComponent(q)}&limit=12`));
  } catch (error) {
    if (error.status === 401) return;
    items = [];
  }
  if (seq !== state.searchSeq) return;
  const list = $('search-results');
  list.replaceChildren(
    ...(items.length === 0
      ? [
          el(
            'div',
            { class: 'empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' },
            t().noMatches,
          ),
        ]
      : items.map((item, i) =>
          el(
            'div',
            { id: `result-${i}`, role: 'option', 'data-region': item.code, 'aria-selected': 'false' },
            el('span', { class: 'result-name' }, item.name),
            el(
              'span',
              { class: 'result-where' },
              [t().levels[item.level], ...item.parents.map((p) => p.name)].join(' · '),
            ),
          ),
        )),
  );
  list.hidden = false;
  $('search').setAttribute('aria-expanded', 'true');
}

function moveActive(step) {
  const options = [...$('search-results').querySelectorAll('[data-region]')];
  if (options.length === 0) return;
  const current = options.findIndex((o) => o.getAttribute('aria-selected') === 'true');
  const next = (current + step + options.length) % options.length;
  options.forEach((o, i) => {
    o.setAttribute('aria-selected', String(i === next));
  });
  $('search').setAttribute('aria-activedescendant', options[next].id);
  options[next].scrollIntoView({ block: 'nearest' });
}

function pick(code) {
  closeResults();
  $('search').value = '';
  load(code, state.year);
}

// ---------- The region's figures ----------

/** Completeness of each child region, from the region's reporting units (grouped by the child they lie in). */
function completenessByChild(completeness, children) {
  const byChild = new Map();
  for (const child of children) {
    const units = completeness.units.filter(
      (u) => u.regionCode === child.regionCode || u.regionCode.startsWith(`${child.regionCode}.`),
    );
    const expected = units.reduce((sum, u) => sum + u.expected, 0);
    const received = units.reduce((sum, u) => sum + u.received, 0);
    byChild.set(child.regionCode, expected === 0 ? null : Math.round((received / expected) * 1000) / 10);
  }
  return byChild;
}

function renderRanking() {
  const { trends, approvals, completeness } = state.data;
  const withChildren = trends.indicators.filter((i) => i.children.length > 0);
  const select = $('ranking-indicator');
  select.replaceChildren(...trends.indicators.map((i) => el('option', { value: i.code }, nameOf(i))));
  if (!trends.indicators.some((i) => i.code === state.ranking)) state.ranking = withChildren[0]?.code ?? '';
  select.value = state.ranking;
  const indicator = trends.indicators.find((i) => i.code === state.ranking);
  const tbody = $('children').querySelector('tbody');
  const note = $('children-note');
  note.textContent = '';
  $('children-caption').textContent = indicator ? t().childrenCaption(nameOf(indicator), state.year) : '';
  if (!indicator || indicator.children.length === 0) {
    tbody.replaceChildren();
    note.textContent = withChildren.length === 0 ? t().noChildren : t().queryNoChildren;
    return;
  }
  const approvalOf = new Map((approvals?.children ?? []).map((c) => [c.regionCode, c.state]));
  const complete = completeness ? completenessByChild(completeness, indicator.children) : new Map();
  const rows = [...indicator.children].sort(
    (a, b) =>
      (b.achievementPct ?? -1) - (a.achievementPct ?? -1) ||
      (b.value.suppressed ? -1 : b.value.value) - (a.value.suppressed ? -1 : a.value.value) ||
      a.name.localeCompare(b.name),
  );
  tbody.replaceChildren(
    ...rows.map((child, i) =>
      el(
        'tr',
        { 'data-region': child.regionCode },
        el('td', {}, String(i + 1)),
        el('td', {}, el('button', { type: 'button', class: 'link', 'data-region': child.regionCode }, child.name)),
        el('td', { class: 'num', 'data-cell': 'value' }, shownCell(child.value, indicator.unit)),
        el('td', { class: 'num' }, child.target === null ? '–' : number(child.target, indicator.unit)),
        el('td', { class: 'num' }, child.achievementPct === null ? '–' : `${number(child.achievementPct)}%`),
        el('td', {}, approvalOf.has(child.regionCode) ? t().states[approvalOf.get(child.regionCode)] : '–'),
        el(
          'td',
          { class: 'num' },
          complete.get(child.regionCode) === null || complete.get(child.regionCode) === undefined
            ? '–'
            : `${number(complete.get(child.regionCode))}%`,
        ),
      ),
    ),
  );
  if (completeness?.truncated) note.textContent = t().truncated;
}

/** The months (or the years) of a chart as a table, for screen readers and anyone without the picture. */
function trendTable(indicator) {
  const monthly = hasMonths(indicator.series);
  const header = el(
    'tr',
    {},
    el('th', { scope: 'col' }, monthly ? t().month : t().total),
    ...indicator.series.map((s) => el('th', { scope: 'col' }, String(s.year))),
  );
  const rows = monthly
    ? t().months.map((month, m) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, month),
          ...indicator.series.map((s) => el('td', {}, shownCell(s.months[m], indicator.unit))),
        ),
      )
    : [
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, t().total),
          ...indicator.series.map((s) => el('td', {}, shownCell(s.total, indicator.unit))),
        ),
      ];
  // A table takes the width its content needs whatever its own width says: the wrapper hides it.
  return el(
    'div',
    { class: 'sr-only' },
    el('table', { class: 'trend-table' }, el('thead', {}, header), el('tbody', {}, ...rows)),
  );
}

function renderIndicators() {
  clearCharts();
  const { indicators, trends } = state.data;
  const trendOf = new Map(trends.indicators.map((i) => [i.code, i]));
  const groups = new Map();
  for (const indicator of indicators.indicators) {
    const list = groups.get(area(indicator.code)) ?? [];
    list.push(indicator);
    groups.set(area(indicator.code), list);
  }
  const sections = [];
  const pending = [];
  for (const [name, list] of groups) {
    const cards = list.map((indicator) => {
      const trend = trendOf.get(indicator.code);
      const yearCell = trend?.series.find((s) => s.year === state.year)?.total;
      const figure = indicator.suppressed ? (yearCell?.display ?? '–') : number(indicator.value, indicator.unit);
      const title = nameOf(indicator);
      const id = `ind-${indicator.code.replace(/\W/g, '-')}`;
      const card = el(
        'article',
        { class: 'indicator card', id, 'data-code': indicator.code, 'aria-labelledby': `${id}-name` },
        el('h4', { id: `${id}-name` }, title),
        el(
          'p',
          { class: 'figure' },
          el('span', { class: 'value', 'data-cell': 'value' }, figure),
          ' ',
          el(
            'span',
            { class: 'target', 'data-cell': 'target' },
            indicator.target === null ? t().noTarget : t().ofTarget(number(indicator.target, indicator.unit)),
          ),
        ),
        el(
          'p',
          { class: 'achievement', 'data-cell': 'achievement' },
          indicator.achievementPct === null ? '' : `${t().achievement} ${number(indicator.achievementPct)}%`,
        ),
      );
      if (trend && trend.series.length > 0) {
        const previous = trend.series[0].year;
        const monthly = hasMonths(trend.series);
        const label = monthly
          ? t().trendLabel(title, state.year, previous)
          : t().yearsLabel(title, state.year, previous);
        const canvas = el('canvas', { role: 'img', 'aria-label': label });
        card.append(
          el('div', { class: 'chart' }, canvas),
          monthly ? '' : el('p', { class: 'muted small' }, t().monthsWithheld),
          trendTable(trend),
        );
        pending.push(() => drawTrend(canvas, trend.series, t()));
      }
      return card;
    });
    sections.push(el('h3', { class: 'area' }, t().areas[name] ?? name), el('div', { class: 'cards' }, ...cards));
  }
  $('indicators').replaceChildren(...sections);
  for (const draw of pending) draw();
}

function render() {
  const { trends, approvals } = state.data;
  $('region-title').textContent = `${trends.regionName} · ${t().levels[trends.level]} · ${state.year}`;
  $('approval-state').textContent = approvals ? t().approvalOf(t().states[approvals.state], state.year) : '';
  if (approvals) $('approval-state').dataset.state = approvals.state;
  renderRanking();
  renderIndicators();
}

/** Loads a region and year, keeping them in the address (so a reload, or the sign-in, comes back to them). */
async function load(region, year) {
  const seq = ++state.loadSeq;
  state.region = region;
  state.year = year;
  window.history.replaceState(null, '', `/dashboard?region=${encodeURIComponent(region)}&year=${year}`);
  $('year').value = String(year);
  status(t().loading);
  $('refusal').hidden = true;
  const query = `regionCode=${encodeURIComponent(region)}&year=${year}`;
  const optional = (promise) => promise.catch((error) => (error.status === 401 ? Promise.reject(error) : null));
  try {
    renderCrumbs().catch(() => {});
    const [indicators, trends, approvals, completeness] = await Promise.all([
      get(`/v1/reporting/indicators?${query}`),
      get(`/v1/reporting/trends?${query}`),
      optional(get(`/v1/reporting/approvals?${query}`)),
      optional(get(`/v1/reporting/completeness?${query}`)),
    ]);
    if (seq !== state.loadSeq) return;
    state.data = { indicators, trends, approvals, completeness };
    $('content').hidden = false;
    render();
    status(`${t().loaded}: ${trends.regionName}, ${year}`);
    document.body.dataset.loaded = `${region}|${year}`;
  } catch (error) {
    if (seq !== state.loadSeq || error.status === 401) return;
    clearCharts();
    $('content').hidden = true;
    delete document.body.dataset.loaded;
    if (error.status === 404) {
      const name = await regionName(region).catch(() => region);
      $('refusal-text').textContent = t().refused(name);
      $('refusal').hidden = false;
      $('refusal').dataset.region = region;
      status('');
    } else {
      status(`${t().failed}: ${error.message}`, true);
    }
  }
}

// ---------- The page: language, sign-in and the board ----------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-t]')) {
    const text = t()[node.dataset.t];
    if (typeof text === 'string') node.textContent = text;
  }
  for (const node of document.querySelectorAll('[data-t-aria]')) {
    node.setAttribute('aria-label', t()[node.dataset.tAria]);
  }
  document.title = t().title;
  $('lang-id').setAttribute('aria-pressed', String(state.lang === 'id'));
  $('lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
  if (state.claims.sub) renderWho();
  if (state.data) {
    render();
    renderCrumbs().catch(() => {});
    status(`${t().loaded}: ${state.data.trends.regionName}, ${state.year}`);
  }
}

function renderWho() {
  const { name, sub, roles = [], region } = state.claims;
  $('who').textContent = t().who(name ?? sub, roles.join(', '), region);
  $('who').hidden = false;
}

function showSignIn(message = '') {
  clearCharts();
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
  $('signin').hidden = false;
  $('signin-message').textContent = message;
  delete document.body.dataset.loaded;
}

function yearOptions() {
  const now = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => now - i);
  $('year').replaceChildren(...years.map((y) => el('option', { value: String(y) }, String(y))));
}

function showBoard(user) {
  state.token = user.access_token;
  state.claims = { ...claimsOf(user.access_token), name: user.profile?.name };
  $('signin').hidden = true;
  $('board').hidden = false;
  $('sign-out').hidden = false;
  renderWho();
  yearOptions();
  const params = new URLSearchParams(window.location.search);
  const year = Number(params.get('year')) || new Date().getFullYear();
  if (![...$('year').options].some((o) => o.value === String(year))) {
    $('year').prepend(el('option', { value: String(year) }, String(year)));
  }
  load(params.get('region') || state.claims.region || 'ID', year);
}

function wire() {
  $('lang-id').addEventListener('click', () => {
    state.lang = 'id';
    localStorage.setItem(LANG_KEY, 'id');
    applyLanguage();
  });
  $('lang-en').addEventListener('click', () => {
    state.lang = 'en';
    localStorage.setItem(LANG_KEY, 'en');
    applyLanguage();
  });
  $('sign-in').addEventListener('click', () => state.session?.signIn());
  $('sign-out').addEventListener('click', () => state.session?.signOut());
  $('year').addEventListener('change', () => load(state.region, Number($('year').value)));
  $('ranking-indicator').addEventListener('change', () => {
    state.ranking = $('ranking-indicator').value;
    renderRanking();
  });
  // Drilling: a child's name in the ranking, a level of the breadcrumb.
  for (const id of ['children', 'crumbs']) {
    $(id).addEventListener('click', (event) => {
      const button = event.target.closest('button[data-region]');
      if (button) load(button.dataset.region, state.year);
    });
  }
  const input = $('search');
  input.addEventListener('input', () => {
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(search, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if ($('search-results').hidden) search();
      else moveActive(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      const active = $('search-results').querySelector('[aria-selected="true"]');
      if (active) {
        event.preventDefault();
        pick(active.dataset.region);
      }
    } else if (event.key === 'Escape') {
      closeResults();
    }
  });
  $('search-results').addEventListener('click', (event) => {
    const option = event.target.closest('[data-region]');
    if (option) pick(option.dataset.region);
  });
}

async function start() {
  wire();
  applyLanguage();
  state.session = await startSession({ page: '/dashboard', text: t, signIn: showSignIn, signedIn: showBoard });
}

start();
