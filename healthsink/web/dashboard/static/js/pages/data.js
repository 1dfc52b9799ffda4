// Data: did it arrive? The last sync per automation, the recent bodies with their errors, and per metric
// the last sample and its sources.
import { api, upload } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, table, dateTime, ago, panel } from '../ui.js';

const size = (b) => (b > 1e6 ? `${num(b / 1e6)} MB` : `${num(b / 1e3)} kB`);
const badge = (s) => el('span', { class: `badge ${s}`, text: s });

const ctx = await layout();
const KEPT = 'healthsink.imports';      // ids of imports started here (the API lists none), newest first

async function showImports(p) {
  const ids = JSON.parse(localStorage.getItem(KEPT) || '[]');
  const form = document.getElementById('import-form');
  form.hidden = !['all', 'ingest'].includes(ctx.session.scope);
  const note = form.hidden ? 'Uploading needs a session opened with a key of scope "all"; ' +
    'or run: healthsink import you@example.org export.zip' : 'Upload the export.zip from the Health app (Export All Health Data).';
  const done = (await Promise.all(ids.map((id) => api(`/api/v1/imports/${id}`).catch(() => null)))).filter(Boolean);
  if (!done.length) return p.empty(`No imports started from this browser. ${note}`);
  p.ok(table([{ label: 'Id', num: true, value: (i) => String(i.import_id) },
    { label: 'File', value: (i) => i.file_name },
    { label: 'Status', value: (i) => el('span', { class: `badge ${i.status}`, text: i.status }) },
    { label: 'Progress', num: true, value: (i) => (i.size_bytes ? `${num((100 * (i.bytes_done || 0)) / i.size_bytes, 0)} %` : '–') },
    { label: 'Records', num: true, value: (i) => num(i.records_done, 0) }], done),
  el('p', { class: 'note', text: note }));
  if (done.some((i) => ['queued', 'running'].includes(i.status))) setTimeout(() => showImports(panel('imports')), 2000);
}

document.getElementById('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = document.getElementById('import-file').files[0];
  if (!file) return;
  const p = panel('imports');
  try {
    const r = await upload('/api/v1/imports', file, ctx.session.csrf);
    localStorage.setItem(KEPT, JSON.stringify([r.import_id, ...JSON.parse(localStorage.getItem(KEPT) || '[]')].slice(0, 10)));
    await showImports(p);
  } catch (err) { p.error(err); }
});

// both asked at once: the list carries each body's headers, so no request per body
const catalog = api('/api/v1/metrics');
catalog.catch(() => {});                // awaited (and its error shown) by the freshness panel
const recent = (await api('/api/v1/ingestions', { limit: 50 })).ingestions || [];
await run({
  automations: async (p) => {
    if (!recent.length) return p.empty('nothing received yet: point Health Auto Export at /api/v1/ingest');
    // the automation's name is in the headers the app sends, kept with each body
    const latest = new Map();
    for (const d of recent.slice(0, 20)) {
      const h = d.headers || {};
      const name = h['automation-name'] || h['automation-id'] || '(no automation header)';
      if (!latest.has(name)) latest.set(name, d);
    }
    p.ok(table([{ label: 'Automation', value: ([n]) => n },
      { label: 'Last sync', value: ([, d]) => `${dateTime(d.received_at)} (${ago(d.received_at)})` },
      { label: 'Status', value: ([, d]) => badge(d.status) },
      { label: 'Period', value: ([, d]) => (d.headers || {})['automation-period'] }], [...latest.entries()]),
    el('p', { class: 'note', text: 'From the last 20 bodies received.' }));
  },
  ingestions: async (p) => {
    if (!recent.length) return p.empty('no bodies received yet');
    p.ok(table([{ label: 'Id', num: true, value: (i) => String(i.ingestion_id) },
      { label: 'Received', value: (i) => dateTime(i.received_at) },
      { label: 'Size', num: true, value: (i) => size(i.body_bytes) },
      { label: 'Status', value: (i) => badge(i.status) },
      { label: 'Error', value: (i) => i.error || '' }], recent));
  },
  imports: showImports,
  freshness: async (p) => {
    const metrics = (await catalog).metrics;
    if (!metrics.length) return p.empty('no metrics yet');
    const rows = [...metrics].sort((a, b) => String(b.last).localeCompare(String(a.last)));
    p.ok(table([{ label: 'Metric', value: (m) => el('a', { href: `/trends?metric=${encodeURIComponent(m.name)}`, text: m.name }) },
      { label: 'Last sample', value: (m) => `${dateTime(m.last)} (${ago(m.last)})` },
      { label: 'Samples', num: true, value: (m) => num(m.count, 0) },
      { label: 'Units', value: (m) => m.units },
      { label: 'Sources', value: (m) => (m.sources || []).join(', ') }], rows));
  },
});
