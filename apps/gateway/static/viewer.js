/**
 * The report viewer's script (apps/gateway/static/viewer.html, served at /reports; bundled by the
 * gateway's build). It signs in as the dashboard does, with the same module and the same session
 * (./dashboard-auth.js: authorization code + PKCE at the gateway's OpenID provider; the page never
 * asks for a token), and calls the JSON API with the session's access token: GET /v1/reports,
 * POST /v1/reports, GET /v1/reports/:id (progress) and the HTML export, fetched with the token
 * and shown in a sandboxed iframe (srcdoc, no scripts). The approval panel shows the sign-off
 * state of the form's region and period (GET /v1/reporting/approvals) and offers the steps the
 * token's office takes from that state; reporting decides every step. Everything it shows of an
 * answer goes into the page as text nodes, never as markup.
 */
import { claimsOf, startSession } from './dashboard-auth.js';

const TEXT = {
  id: {
    title: 'Sinergi — Laporan koordinasi',
    skip: 'Langsung ke isi',
    pagesLabel: 'Halaman Sinergi',
    toDashboard: 'Dasbor wilayah',
    signInTitle: 'Masuk',
    signInText: 'Masuk dengan akun instansi Anda untuk meminta dan membuka laporan wilayah Anda.',
    signIn: 'Masuk',
    signOut: 'Keluar',
    expired: 'Sesi Anda telah berakhir. Silakan masuk lagi.',
    noProvider: 'Gateway ini belum dihubungkan dengan penyedia identitas (JWT_JWKS_ISSUER).',
    signInFailed: 'Masuk gagal',
    who: (name, roles, region) => `${name} · ${roles} · ${region}`,
    newTitle: 'Buat laporan',
    region: 'Kode wilayah',
    year: 'Tahun',
    period: 'Periode',
    create: 'Buat laporan',
    job: 'Laporan',
    listTitle: 'Laporan',
    refresh: 'Muat ulang',
    colRegion: 'Wilayah',
    colPeriod: 'Periode',
    colStatus: 'Status',
    open: 'Buka',
    nothingOpen: 'Belum ada laporan yang dibuka.',
    annual: 'Tahunan',
    quarter: 'Triwulan',
    month: 'Bulan',
    noReports: 'Belum ada laporan.',
    requested: 'Laporan diminta',
    failed: 'Gagal',
    opened: 'Laporan',
    loading: 'Memuat…',
    status: { queued: 'antre', running: 'diproses', done: 'selesai', failed: 'gagal' },
    approvalTitle: 'Persetujuan',
    show: 'Tampilkan',
    reason: 'Alasan (wajib untuk mengembalikan, mengecualikan, membuka kembali)',
    frozen: 'dibekukan versi',
    late: 'Koreksi terlambat',
    none: 'tidak ada',
    states: {
      open: 'terbuka',
      submitted: 'diajukan',
      returned: 'dikembalikan',
      approved: 'disetujui',
      waived: 'dikecualikan',
    },
    actions: {
      submit: 'Ajukan',
      approve: 'Setujui',
      return: 'Kembalikan',
      waive: 'Kecualikan',
      reopen: 'Buka kembali',
    },
    months: [
      'Januari',
      'Februari',
      'Maret',
      'April',
      'Mei',
      'Juni',
      'Juli',
      'Agustus',
      'September',
      'Oktober',
      'November',
      'Desember',
    ],
  },
  en: {
    title: 'Sinergi — Coordination reports',
    skip: 'Skip to content',
    pagesLabel: 'Sinergi pages',
    toDashboard: 'Regional dashboard',
    signInTitle: 'Sign in',
    signInText: "Sign in with your agency's account to request and open your region's reports.",
    signIn: 'Sign in',
    signOut: 'Sign out',
    expired: 'Your session has ended. Please sign in again.',
    noProvider: 'This gateway is not connected to an identity provider yet (JWT_JWKS_ISSUER).',
    signInFailed: 'Sign-in failed',
    who: (name, roles, region) => `${name} · ${roles} · ${region}`,
    newTitle: 'New report',
    region: 'Region code',
    year: 'Year',
    period: 'Period',
    create: 'Create report',
    job: 'Report',
    listTitle: 'Reports',
    refresh: 'Refresh',
    colRegion: 'Region',
    colPeriod: 'Period',
    colStatus: 'Status',
    open: 'Open',
    nothingOpen: 'No report open yet.',
    annual: 'Annual',
    quarter: 'Quarter',
    month: 'Month',
    noReports: 'No reports yet.',
    requested: 'Report requested',
    failed: 'Failed',
    opened: 'Report',
    loading: 'Loading…',
    status: { queued: 'queued', running: 'running', done: 'done', failed: 'failed' },
    approvalTitle: 'Approval',
    show: 'Show',
    reason: 'Reason (required to return, waive, re-open)',
    frozen: 'frozen, version',
    late: 'Late corrections',
    none: 'none',
    states: { open: 'open', submitted: 'submitted', returned: 'returned', approved: 'approved', waived: 'waived' },
    actions: { submit: 'Submit', approve: 'Approve', return: 'Return', waive: 'Waive', reopen: 'Re-open' },
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
  },
};
/** The language, shared with the dashboard (the same key in this origin's localStorage). */
const LANG_KEY = 'sinergi.lang';
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id';
let openId = null;
let polling = null;
/** The sign-in (./dashboard-auth.js), the access token it gave and what that token says. */
const auth = { session: null, token: '', claims: {} };
const t = () => TEXT[lang];

/** An element with attributes and children (strings become text nodes, so nothing is parsed as markup). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function say(text, error = false) {
  $('message').textContent = text;
  $('message').className = error ? 'error' : '';
}

/**
 * Calls the JSON API with the session's token; a problem+json answer becomes an Error with its
 * detail. A 401 means the token is no longer good: it is forgotten and the page asks to sign in.
 */
async function call(method, path, body) {
  if (!auth.token) throw new Error(t().expired);
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${auth.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = response.headers.get('content-type') || '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    await auth.session.forget();
    showSignIn(t().expired);
  }
  if (!response.ok) {
    const detail = typeof payload === 'object' && payload ? payload.detail || payload.title : payload;
    throw new Error(`${response.status} ${detail || response.statusText}`);
  }
  return payload;
}

function periodLabel(key) {
  const m = /^(\d{4})(?:-Q(\d)|-M(\d{2}))?$/.exec(key || '');
  if (!m) return key;
  if (m[2]) return `${t().quarter} ${m[2]} ${m[1]}`;
  if (m[3]) return `${t().months[Number(m[3]) - 1]} ${m[1]}`;
  return m[1];
}

function renderPeriods() {
  const select = $('period');
  const current = select.value || 'annual';
  const options = [['annual', t().annual]];
  for (let q = 1; q <= 4; q++) options.push([`q${q}`, `${t().quarter} ${q}`]);
  t().months.forEach((name, i) => {
    options.push([`m${i + 1}`, name]);
  });
  select.replaceChildren(...options.map(([value, label]) => el('option', { value }, label)));
  select.value = current;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-t]')) {
    const text = t()[node.dataset.t];
    if (typeof text === 'string' && !(node.id === 'viewer-title' && openId)) node.textContent = text;
  }
  for (const node of document.querySelectorAll('[data-t-aria]')) {
    node.setAttribute('aria-label', t()[node.dataset.tAria]);
  }
  document.title = t().title;
  $('lang-id').setAttribute('aria-pressed', String(lang === 'id'));
  $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
  renderPeriods();
  if (auth.token) renderWho();
}

function renderWho() {
  const { name, sub, roles = [], region } = auth.claims;
  $('who').textContent = t().who(name ?? sub, roles.join(', '), region);
  $('who').hidden = false;
}

/** Signed out (or never signed in): the sign-in, and nothing of the reports. */
function showSignIn(message = '') {
  clearTimeout(polling);
  auth.token = '';
  auth.claims = {};
  openId = null;
  $('work').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
  $('signin').hidden = false;
  $('signin-message').textContent = message;
  $('reports').querySelector('tbody').replaceChildren();
  $('report-frame').srcdoc = '';
  $('viewer-title').textContent = t().nothingOpen;
  $('viewer-title').className = 'muted';
}

/** Signed in: the reports of the token's holder. */
function showWork(user) {
  auth.token = user.access_token;
  auth.claims = { ...claimsOf(user.access_token), name: user.profile?.name };
  $('signin').hidden = true;
  $('work').hidden = false;
  $('sign-out').hidden = false;
  renderWho();
  loadList();
}

/** One row of the report list; a done report gets an Open button. */
function reportRow(r) {
  const open =
    r.status === 'done' ? el('button', { type: 'button', class: 'secondary open', 'data-id': r.id }, t().open) : '';
  return el(
    'tr',
    { 'data-id': r.id, 'data-region': r.regionCode, 'data-period': r.periodKey },
    el('td', {}, r.regionCode),
    el('td', {}, periodLabel(r.periodKey)),
    el('td', { class: `status-${r.status}` }, t().status[r.status] || r.status),
    el('td', { class: 'num' }, String(Number(r.progress))),
    el('td', {}, open),
  );
}

async function loadList() {
  const tbody = $('reports').querySelector('tbody');
  if (!auth.token) {
    tbody.replaceChildren();
    return;
  }
  try {
    const page = await call('GET', '/v1/reports?limit=50');
    tbody.replaceChildren(
      ...(page.items.length === 0
        ? [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, t().noReports))]
        : page.items.map(reportRow)),
    );
  } catch (error) {
    say(error.message, true);
  }
}

async function openReport(id) {
  openId = id;
  $('viewer-title').textContent = t().loading;
  try {
    const [report, html] = await Promise.all([
      call('GET', `/v1/reports/${encodeURIComponent(id)}`),
      call('GET', `/v1/reports/${encodeURIComponent(id)}/export?format=html&lang=${lang}`),
    ]);
    $('viewer-title').textContent = `${t().opened} ${report.regionCode} · ${periodLabel(report.periodKey)}`;
    $('viewer-title').className = '';
    $('report-frame').srcdoc = html;
  } catch (error) {
    $('viewer-title').textContent = error.message;
  }
}

async function watch(id) {
  clearTimeout(polling);
  $('job').hidden = false;
  $('job-id').textContent = id.slice(0, 8);
  try {
    const report = await call('GET', `/v1/reports/${encodeURIComponent(id)}`);
    $('job-status').textContent = t().status[report.status] || report.status;
    $('job-status').className = `status-${report.status}`;
    $('job-progress').value = report.progress;
    if (report.status === 'done') {
      await loadList();
      await openReport(id);
    } else if (report.status === 'failed') {
      say(`${t().failed}: ${report.error || ''}`, true);
      await loadList();
    } else {
      polling = setTimeout(() => watch(id), 700);
    }
  } catch (error) {
    say(error.message, true);
  }
}

/** The period chosen in the form. */
function formPeriod() {
  const period = { year: Number($('year').value) };
  const choice = $('period').value;
  if (choice.startsWith('q')) period.quarter = Number(choice.slice(1));
  if (choice.startsWith('m')) period.month = Number(choice.slice(1));
  return period;
}

const parentOf = (code) => (code === 'ID' ? 'ID' : code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : 'ID');

/** The steps that follow each state, and whose office takes them (docs/architecture.md, "Approval"). */
const NEXT = {
  open: ['submit', 'waive'],
  returned: ['submit', 'waive'],
  submitted: ['approve', 'return'],
  approved: ['reopen'],
  waived: ['reopen'],
};

function approvalSummary(a) {
  const frozen = a.state === 'approved' ? ` (${t().frozen} ${a.frozenVersion})` : '';
  return `${a.regionCode} · ${periodLabel(a.periodKey)}: ${t().states[a.state] || a.state}${frozen}`;
}

function lateCorrections(a) {
  const list =
    a.lateCorrections.length === 0
      ? t().none
      : a.lateCorrections.map((c) => `${c.code} ${c.frozen} → ${c.live}`).join(', ');
  return `${t().late}: ${list}`;
}

/** The steps of this state that the token's office takes: an admin of the region (submit) or of its parent. */
function myActions(a, regionCode) {
  // The token's own claims, for which buttons to offer only: reporting decides what is allowed.
  const me = auth.claims;
  const office = (action) => (action === 'submit' ? regionCode : parentOf(regionCode));
  return (NEXT[a.state] || []).filter((action) => (me.roles || []).includes('admin') && me.region === office(action));
}

async function loadApproval() {
  const regionCode = $('region').value.trim();
  const period = formPeriod();
  const query = new URLSearchParams({ regionCode, year: String(period.year) });
  if (period.quarter) query.set('quarter', String(period.quarter));
  if (period.month) query.set('month', String(period.month));
  $('approval-state').dataset.state = 'loading';
  $('approval-state').textContent = t().loading;
  $('approval-actions').replaceChildren();
  try {
    const a = await call('GET', `/v1/reporting/approvals?${query}`);
    $('approval-state').textContent = approvalSummary(a);
    $('approval-state').dataset.state = a.state;
    $('approval-children')
      .querySelector('tbody')
      .replaceChildren(
        ...a.children.map((c) =>
          el(
            'tr',
            { 'data-region': c.regionCode },
            el('td', {}, c.regionCode),
            el('td', {}, c.name),
            el('td', { class: 'state' }, t().states[c.state] || c.state),
          ),
        ),
      );
    $('approval-late').textContent = lateCorrections(a);
    const buttons = myActions(a, regionCode).map((action) =>
      el('button', { type: 'button', class: 'step', 'data-action': action }, t().actions[action]),
    );
    $('approval-actions').replaceChildren(...buttons.flatMap((button, i) => (i === 0 ? [button] : [' ', button])));
  } catch (error) {
    $('approval-state').dataset.state = 'failed';
    $('approval-state').textContent = error.message;
  }
}

async function step(action) {
  const reason = $('reason').value.trim();
  try {
    await call('POST', `/v1/reporting/approvals/${action}`, {
      regionCode: $('region').value.trim(),
      period: formPeriod(),
      ...(reason ? { reason } : {}),
    });
    $('reason').value = '';
    say('');
  } catch (error) {
    say(error.message, true);
  }
  await loadApproval();
}

$('report-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const period = formPeriod();
  try {
    $('create').disabled = true;
    const report = await call('POST', '/v1/reports', {
      kind: 'coordination',
      regionCode: $('region').value.trim(),
      period,
    });
    say(`${t().requested}: ${report.id}`);
    await loadList();
    await watch(report.id);
  } catch (error) {
    say(error.message, true);
  } finally {
    $('create').disabled = false;
  }
});
$('sign-in').addEventListener('click', () => auth.session?.signIn());
$('sign-out').addEventListener('click', () => auth.session?.signOut());
$('refresh').addEventListener('click', loadList);
$('load-approval').addEventListener('click', loadApproval);
$('approval-actions').addEventListener('click', (event) => {
  const button = event.target.closest('button.step');
  if (button) step(button.dataset.action);
});
$('reports').addEventListener('click', (event) => {
  const button = event.target.closest('button.open');
  if (button) openReport(button.dataset.id);
});
for (const code of ['id', 'en']) {
  $(`lang-${code}`).addEventListener('click', () => {
    lang = code;
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
    loadList();
    if (openId) openReport(openId);
  });
}

/** Where the page signs in (GET /dashboard/config, the dashboard's too), then who is signed in. */
async function start() {
  applyLanguage();
  auth.session = await startSession({ page: '/reports', text: t, signIn: showSignIn, signedIn: showWork });
}

start();
