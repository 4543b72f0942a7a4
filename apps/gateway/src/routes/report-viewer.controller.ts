import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.js';
import { pagePolicy } from '../http/security-headers.js';
import { Doc } from '../openapi/doc.decorator.js';

/**
 * The report viewer: one self-contained page (inline CSS and JS, nothing fetched from elsewhere).
 * The page is public; it asks for a token, keeps it in sessionStorage, and calls the JSON API with
 * it: GET /v1/reports, POST /v1/reports, GET /v1/reports/:id (progress), and the HTML export,
 * fetched with the token and shown in a sandboxed iframe (srcdoc, no scripts). The approval panel
 * shows the sign-off state of the form's region and period (GET /v1/reporting/approvals) and
 * offers the steps the token's office takes from that state; reporting decides every step.
 */
const PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sinergi — Laporan koordinasi</title>
<style>
  :root { --blue: #1565c0; --grey: #f3f5f8; --line: #d5dbe3; --red: #b71c1c; --green: #2e7d32; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733; background: #fff; }
  header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: var(--blue); color: #fff; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  header button { background: transparent; color: #fff; border: 1px solid #fff8; }
  header button[aria-pressed="true"] { background: #fff; color: var(--blue); }
  main { display: grid; grid-template-columns: minmax(320px, 420px) 1fr; gap: 16px; padding: 16px 20px; }
  section { background: var(--grey); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin-bottom: 14px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  label { display: block; font-size: 12px; color: #52606d; margin: 6px 0 2px; }
  input, select, button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; }
  input, select { width: 100%; background: #fff; }
  button { cursor: pointer; background: var(--blue); color: #fff; border-color: var(--blue); }
  button.secondary { background: #fff; color: var(--blue); }
  button:disabled { opacity: .5; cursor: default; }
  .row { display: flex; gap: 8px; align-items: end; }
  .row > * { flex: 1; }
  .row > button { flex: 0 0 auto; }
  table { width: 100%; border-collapse: collapse; background: #fff; font-size: 13px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); }
  td.num { text-align: right; }
  .status-done { color: var(--green); font-weight: 600; }
  .status-failed { color: var(--red); font-weight: 600; }
  progress { width: 100%; height: 12px; }
  #message { min-height: 1.4em; margin: 6px 0 0; }
  #message.error { color: var(--red); }
  #viewer { display: flex; flex-direction: column; min-height: 80vh; }
  #viewer-title { margin: 0 0 8px; font-weight: 600; }
  iframe { flex: 1; width: 100%; min-height: 75vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
  .muted { color: #6b7785; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style></head>
<body>
<header>
  <h1 data-t="title">Sinergi — Laporan koordinasi</h1>
  <button type="button" id="lang-id" aria-pressed="true">ID</button>
  <button type="button" id="lang-en" aria-pressed="false">EN</button>
</header>
<main>
  <div>
    <section id="auth">
      <h2 data-t="tokenTitle">Token akses</h2>
      <label for="token" data-t="tokenLabel">Bearer token (JWT), disimpan hanya di sesi peramban ini</label>
      <div class="row">
        <input id="token" type="password" autocomplete="off" spellcheck="false">
        <button type="button" id="save-token" data-t="save">Simpan</button>
        <button type="button" id="clear-token" class="secondary" data-t="forget">Hapus</button>
      </div>
      <p id="token-state" class="muted"></p>
    </section>
    <section id="create-report">
      <h2 data-t="newTitle">Buat laporan</h2>
      <form id="report-form">
        <label for="region" data-t="region">Kode wilayah</label>
        <input id="region" value="31.72" required pattern="ID|\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?">
        <div class="row">
          <div><label for="year" data-t="year">Tahun</label><input id="year" type="number" min="2000" max="2100" value="2024" required></div>
          <div><label for="period" data-t="period">Periode</label><select id="period"></select></div>
        </div>
        <p><button type="submit" id="create" data-t="create">Buat laporan</button></p>
      </form>
      <div id="job" hidden>
        <div><span data-t="job">Laporan</span> <code id="job-id"></code>: <span id="job-status"></span></div>
        <progress id="job-progress" max="100" value="0"></progress>
      </div>
      <p id="message" role="status"></p>
    </section>
    <section id="approval">
      <div class="row"><h2 data-t="approvalTitle">Persetujuan</h2><button type="button" id="load-approval" class="secondary" data-t="show">Tampilkan</button></div>
      <p id="approval-state" class="muted"></p>
      <table id="approval-children"><tbody></tbody></table>
      <p id="approval-late" class="muted"></p>
      <label for="reason" data-t="reason">Alasan (wajib untuk mengembalikan, mengecualikan, membuka kembali)</label>
      <input id="reason" maxlength="1000">
      <p id="approval-actions"></p>
    </section>
    <section id="list">
      <div class="row"><h2 data-t="listTitle">Laporan</h2><button type="button" id="refresh" class="secondary" data-t="refresh">Muat ulang</button></div>
      <table id="reports"><thead><tr>
        <th data-t="colRegion">Wilayah</th><th data-t="colPeriod">Periode</th><th data-t="colStatus">Status</th><th class="num">%</th><th></th>
      </tr></thead><tbody></tbody></table>
    </section>
  </div>
  <div id="viewer">
    <p id="viewer-title" class="muted" data-t="nothingOpen">Belum ada laporan yang dibuka.</p>
    <iframe id="report-frame" title="report" sandbox="allow-same-origin"></iframe>
  </div>
</main>
<script>
(() => {
  'use strict';
  const TEXT = {
    id: {
      title: 'Sinergi — Laporan koordinasi', tokenTitle: 'Token akses',
      tokenLabel: 'Bearer token (JWT), disimpan hanya di sesi peramban ini', save: 'Simpan', forget: 'Hapus',
      newTitle: 'Buat laporan', region: 'Kode wilayah', year: 'Tahun', period: 'Periode', create: 'Buat laporan',
      job: 'Laporan', listTitle: 'Laporan', refresh: 'Muat ulang', colRegion: 'Wilayah', colPeriod: 'Periode',
      colStatus: 'Status', open: 'Buka', nothingOpen: 'Belum ada laporan yang dibuka.', annual: 'Tahunan',
      quarter: 'Triwulan', month: 'Bulan', noToken: 'Belum ada token: tempel token lalu Simpan.',
      tokenSaved: 'Token tersimpan untuk sesi ini', noReports: 'Belum ada laporan.', requested: 'Laporan diminta',
      failed: 'Gagal', opened: 'Laporan', loading: 'Memuat…',
      status: { queued: 'antre', running: 'diproses', done: 'selesai', failed: 'gagal' },
      approvalTitle: 'Persetujuan', show: 'Tampilkan', reason: 'Alasan (wajib untuk mengembalikan, mengecualikan, membuka kembali)',
      frozen: 'dibekukan versi', late: 'Koreksi terlambat', none: 'tidak ada',
      states: { open: 'terbuka', submitted: 'diajukan', returned: 'dikembalikan', approved: 'disetujui', waived: 'dikecualikan' },
      actions: { submit: 'Ajukan', approve: 'Setujui', return: 'Kembalikan', waive: 'Kecualikan', reopen: 'Buka kembali' },
      months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
    },
    en: {
      title: 'Sinergi — Coordination reports', tokenTitle: 'Access token',
      tokenLabel: 'Bearer token (JWT), kept only in this browser session', save: 'Save', forget: 'Forget',
      newTitle: 'New report', region: 'Region code', year: 'Year', period: 'Period', create: 'Create report',
      job: 'Report', listTitle: 'Reports', refresh: 'Refresh', colRegion: 'Region', colPeriod: 'Period',
      colStatus: 'Status', open: 'Open', nothingOpen: 'No report open yet.', annual: 'Annual',
      quarter: 'Quarter', month: 'Month', noToken: 'No token yet: paste one and Save.',
      tokenSaved: 'Token saved for this session', noReports: 'No reports yet.', requested: 'Report requested',
      failed: 'Failed', opened: 'Report', loading: 'Loading…',
      status: { queued: 'queued', running: 'running', done: 'done', failed: 'failed' },
      approvalTitle: 'Approval', show: 'Show', reason: 'Reason (required to return, waive, re-open)',
      frozen: 'frozen, version', late: 'Late corrections', none: 'none',
      states: { open: 'open', submitted: 'submitted', returned: 'returned', approved: 'approved', waived: 'waived' },
      actions: { submit: 'Submit', approve: 'Approve', return: 'Return', waive: 'Waive', reopen: 'Re-open' },
      months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    },
  };
  const KEY = 'sinergi.token';
  const LANG_KEY = 'sinergi.lang';
  const $ = (id) => document.getElementById(id);
  let lang = sessionStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id';
  let openId = null;
  let polling = null;
  const t = () => TEXT[lang];

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }
  function say(text, error = false) {
    $('message').textContent = text;
    $('message').className = error ? 'error' : '';
  }
  function token() { return sessionStorage.getItem(KEY) || ''; }

  /** Calls the JSON API with the stored token; a problem+json answer becomes an Error with its detail. */
  async function call(method, path, body) {
    if (!token()) throw new Error(t().noToken);
    const response = await fetch(path, {
      method,
      headers: { authorization: 'Bearer ' + token(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const type = response.headers.get('content-type') || '';
    const payload = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const detail = typeof payload === 'object' && payload ? (payload.detail || payload.title) : payload;
      throw new Error(response.status + ' ' + (detail || response.statusText));
    }
    return payload;
  }

  function periodLabel(key) {
    const m = /^(\\d{4})(?:-Q(\\d)|-M(\\d{2}))?$/.exec(key || '');
    if (!m) return key;
    if (m[2]) return t().quarter + ' ' + m[2] + ' ' + m[1];
    if (m[3]) return t().months[Number(m[3]) - 1] + ' ' + m[1];
    return m[1];
  }

  function renderPeriods() {
    const select = $('period');
    const current = select.value || 'annual';
    const options = [['annual', t().annual]];
    for (let q = 1; q <= 4; q++) options.push(['q' + q, t().quarter + ' ' + q]);
    t().months.forEach((name, i) => options.push(['m' + (i + 1), name]));
    select.innerHTML = options.map(([v, label]) => '<option value="' + v + '">' + escapeHtml(label) + '</option>').join('');
    select.value = current;
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-t]')) {
      const text = t()[el.dataset.t];
      if (typeof text === 'string' && !(el.id === 'viewer-title' && openId)) el.textContent = text;
    }
    $('lang-id').setAttribute('aria-pressed', String(lang === 'id'));
    $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
    renderPeriods();
    renderTokenState();
  }

  function renderTokenState() {
    $('token-state').textContent = token() ? t().tokenSaved + ' (…' + token().slice(-8) + ')' : t().noToken;
  }

  async function loadList() {
    const tbody = $('reports').querySelector('tbody');
    if (!token()) { tbody.innerHTML = ''; return; }
    try {
      const page = await call('GET', '/v1/reports?limit=50');
      tbody.innerHTML = page.items.length === 0
        ? '<tr><td colspan="5" class="muted">' + escapeHtml(t().noReports) + '</td></tr>'
        : page.items.map((r) =>
          '<tr data-id="' + escapeHtml(r.id) + '" data-region="' + escapeHtml(r.regionCode) + '" data-period="' + escapeHtml(r.periodKey) + '">' +
          '<td>' + escapeHtml(r.regionCode) + '</td><td>' + escapeHtml(periodLabel(r.periodKey)) + '</td>' +
          '<td class="status-' + escapeHtml(r.status) + '">' + escapeHtml(t().status[r.status] || r.status) + '</td>' +
          '<td class="num">' + Number(r.progress) + '</td>' +
          '<td>' + (r.status === 'done' ? '<button type="button" class="secondary open" data-id="' + escapeHtml(r.id) + '">' + escapeHtml(t().open) + '</button>' : '') + '</td></tr>',
        ).join('');
    } catch (error) {
      say(error.message, true);
    }
  }

  async function openReport(id) {
    openId = id;
    $('viewer-title').textContent = t().loading;
    try {
      const [report, html] = await Promise.all([
        call('GET', '/v1/reports/' + encodeURIComponent(id)),
        call('GET', '/v1/reports/' + encodeURIComponent(id) + '/export?format=html&lang=' + lang),
      ]);
      $('viewer-title').textContent = t().opened + ' ' + report.regionCode + ' · ' + periodLabel(report.periodKey);
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
      const report = await call('GET', '/v1/reports/' + encodeURIComponent(id));
      $('job-status').textContent = t().status[report.status] || report.status;
      $('job-status').className = 'status-' + report.status;
      $('job-progress').value = report.progress;
      if (report.status === 'done') {
        await loadList();
        await openReport(id);
      } else if (report.status === 'failed') {
        say(t().failed + ': ' + (report.error || ''), true);
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

  /** The token's own claims (for which buttons to offer; reporting decides what is allowed). */
  function claims() {
    try {
      return JSON.parse(atob(token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    } catch {
      return {};
    }
  }
  const parentOf = (code) => (code === 'ID' ? 'ID' : code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : 'ID');
  /** The steps that follow each state, and whose office takes them (docs/architecture.md, "Approval"). */
  const NEXT = { open: ['submit', 'waive'], returned: ['submit', 'waive'], submitted: ['approve', 'return'], approved: ['reopen'], waived: ['reopen'] };

  async function loadApproval() {
    const regionCode = $('region').value.trim();
    const period = formPeriod();
    const query = new URLSearchParams({ regionCode, year: String(period.year) });
    if (period.quarter) query.set('quarter', String(period.quarter));
    if (period.month) query.set('month', String(period.month));
    $('approval-state').dataset.state = 'loading';
    $('approval-state').textContent = t().loading;
    $('approval-actions').innerHTML = '';
    try {
      const a = await call('GET', '/v1/reporting/approvals?' + query);
      $('approval-state').textContent = a.regionCode + ' · ' + periodLabel(a.periodKey) + ': ' + (t().states[a.state] || a.state) +
        (a.state === 'approved' ? ' (' + t().frozen + ' ' + a.frozenVersion + ')' : '');
      $('approval-state').dataset.state = a.state;
      $('approval-children').querySelector('tbody').innerHTML = a.children.map((c) =>
        '<tr data-region="' + escapeHtml(c.regionCode) + '"><td>' + escapeHtml(c.regionCode) + '</td><td>' + escapeHtml(c.name) + '</td>' +
        '<td class="state">' + escapeHtml(t().states[c.state] || c.state) + '</td></tr>').join('');
      $('approval-late').textContent = t().late + ': ' + (a.lateCorrections.length === 0 ? t().none :
        a.lateCorrections.map((c) => c.code + ' ' + c.frozen + ' → ' + c.live).join(', '));
      const me = claims();
      const office = (action) => (action === 'submit' ? regionCode : parentOf(regionCode));
      const mine = (NEXT[a.state] || []).filter((action) => (me.roles || []).includes('admin') && me.region === office(action));
      $('approval-actions').innerHTML = mine.map((action) =>
        '<button type="button" class="step" data-action="' + action + '">' + escapeHtml(t().actions[action]) + '</button>').join(' ');
    } catch (error) {
      $('approval-state').dataset.state = 'failed';
      $('approval-state').textContent = error.message;
    }
  }

  async function step(action) {
    const reason = $('reason').value.trim();
    try {
      await call('POST', '/v1/reporting/approvals/' + action, {
        regionCode: $('region').value.trim(), period: formPeriod(), ...(reason ? { reason } : {}),
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
      const report = await call('POST', '/v1/reports', { kind: 'coordination', regionCode: $('region').value.trim(), period });
      say(t().requested + ': ' + report.id);
      await loadList();
      await watch(report.id);
    } catch (error) {
      say(error.message, true);
    } finally {
      $('create').disabled = false;
    }
  });
  $('save-token').addEventListener('click', () => {
    const value = $('token').value.trim().replace(/^Bearer\\s+/i, '');
    if (value) sessionStorage.setItem(KEY, value);
    $('token').value = '';
    say('');
    renderTokenState();
    loadList();
  });
  $('clear-token').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    renderTokenState();
    loadList();
  });
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
    $('lang-' + code).addEventListener('click', () => {
      lang = code;
      sessionStorage.setItem(LANG_KEY, lang);
      applyLanguage();
      loadList();
      if (openId) openReport(openId);
    });
  }
  applyLanguage();
  loadList();
})();
</script>
</body></html>`;

const POLICY = pagePolicy(PAGE);

/** GET /reports: the coordination reports in a browser (list, request, progress, HTML export). */
@Controller()
export class ReportViewerController {
  @Get('reports')
  @Public()
  @Doc(null, {
    summary: 'Report viewer: a page that lists, requests and shows coordination reports',
    produces: ['text/html'],
  })
  page(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', POLICY)
      .send(PAGE);
  }
}
