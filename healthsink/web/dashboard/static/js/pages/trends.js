// Trends: any metric, merged (the largest source per bucket) or one source, over a range, by day, week or
// month, with the goal as a dashed line and the previous period's average for comparison.
import { api, TZ, localDay, addDays } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, table, select, resetReady, dayLabel } from '../ui.js';
import { timeChart, seconds } from '../charts.js';

const GOALS = { step_count: 'steps', active_energy: 'active_energy', apple_exercise_time: 'exercise',
  apple_stand_hour: 'stand' };
const form = document.getElementById('trend-form');
const q = new URLSearchParams(location.search);
const stored = JSON.parse(localStorage.getItem('healthsink.trends') || '{}');
const state = { metric: q.get('metric') || stored.metric || 'step_count', source: q.get('source') ?? '',
  range: q.get('range') || stored.range || '30', bucket: q.get('bucket') || 'auto' };

const autoBucket = (days) => (days <= 90 ? 'day' : days <= 730 ? 'week' : 'month');

function sync() {
  const u = new URLSearchParams(Object.entries(state).filter(([, v]) => v !== ''));
  history.replaceState(null, '', `/trends?${u}`);
  localStorage.setItem('healthsink.trends', JSON.stringify({ metric: state.metric, range: state.range }));
}

async function draw(ctx, catalog) {
  const entry = catalog.find((m) => m.name === state.metric);
  select(document.getElementById('source'), [['', 'merged (largest source per bucket)'],
    ...((entry && entry.sources) || []).map((s) => [s, s])], state.source);
  const days = Number(state.range);
  const bucket = state.bucket === 'auto' ? autoBucket(days) : state.bucket;
  const end = addDays(localDay(), 1), start = addDays(end, -days);
  const trend = document.getElementById('trend');
  trend.dataset.start = start;
  document.getElementById('trend-title').textContent = `${state.metric} per ${bucket}`;
  // blood pressure is never merged across cuffs (the API refuses): its sources stay apart
  const merge = !state.source && state.metric !== 'blood_pressure';
  const params = { start, end, tz: TZ, bucket, source: state.source || undefined, merge: merge ? 'true' : undefined };
  const [r, before] = await Promise.all([
    api(`/api/v1/metrics/${encodeURIComponent(state.metric)}`, params),
    api(`/api/v1/metrics/${encodeURIComponent(state.metric)}`, { ...params, start: addDays(start, -days), end: start }),
  ]);
  const value = (p) => (p.qty ?? p.avg ?? p.systolic ?? null);
  const avg = (pts) => (pts.length ? pts.reduce((a, p) => a + (value(p) || 0), 0) / pts.length : null);
  const note = document.getElementById('trend-note');
  note.textContent = `${state.source ? 'source: ' + state.source : 'merged: the largest source per ' + bucket
    + (entry && entry.sources ? ` (sources: ${entry.sources.join(', ')})` : '')}` +
    (r.points.length ? ` · average ${num(avg(r.points))} ${r.units || ''} per ${bucket}` : '') +
    (before.points.length ? `, against ${num(avg(before.points))} in the ${days} days before` : '');
  return { r, bucket, start, end, value };
}

async function chart(p, got, ctx) {
  const { r, bucket, start, end, value } = got;
  if (!r.points.length) return p.empty(`no ${state.metric} between ${dayLabel(start)} and ${dayLabel(addDays(end, -1))}`);
  const box = el('div');
  p.ok(box);
  const x = r.points.map((q) => seconds(q.date));
  const isHr = r.points[0].min !== undefined && r.points[0].qty === undefined;
  const series = isHr ? [
    { label: 'min', values: r.points.map((q) => q.min), color: '--band', width: 0 },
    { label: 'avg', values: r.points.map((q) => q.avg), color: '--hr' },
    { label: 'max', values: r.points.map((q) => q.max), color: '--band', width: 0 }]
    : [{ label: `${state.metric} (${r.units || ''})`, values: r.points.map(value), color: '--core',
      bars: bucket !== 'minute' && bucket !== 'hour' }];
  const goalName = GOALS[state.metric];
  if (goalName && bucket === 'day') {
    series.push({ label: 'goal', values: x.map(() => ctx.goals[goalName]), color: '--muted', dash: [6, 4], width: 1 });
  }
  timeChart(box, { x, series, height: 300, band: isHr ? [3, 1] : null, yLabel: r.units || '' });
}

async function values(p, got) {
  const { r, value } = got;
  if (!r.points.length) return p.empty('no values in this range');
  const t = table([
    { label: 'Date', value: (q) => q.date.slice(0, 10) },
    { label: r.units || 'value', num: true, value: (q) => num(value(q)) },
    { label: 'Samples', num: true, value: (q) => num(q.count, 0) },
    { label: 'Sources', value: (q) => (q.sources || [q.source]).filter(Boolean).join(', ') },
  ], [...r.points].reverse());
  [...r.points].reverse().forEach((q, i) => { t.tBodies[0].rows[i].dataset.value = String(value(q)); });
  const csv = el('a', { href: `/api/v1/export?format=csv&metric=${encodeURIComponent(state.metric)}`, text: 'all samples as CSV' });
  p.ok(t, el('p', {}, csv));
}

const ctx = await layout();
// sleep has its own page (nights, not a series)
const catalog = (await api('/api/v1/metrics')).metrics.filter((m) => m.name !== 'sleep_analysis');
select(document.getElementById('metric'), catalog.map((m) => [m.name, `${m.name} (${m.units || '–'})`]), state.metric);
if (!catalog.some((m) => m.name === state.metric) && catalog.length) state.metric = catalog[0].name;
document.getElementById('metric').value = state.metric;
document.getElementById('range').value = state.range;
document.getElementById('bucket').value = state.bucket;

async function render() {
  resetReady();
  sync();
  const got = draw(ctx, catalog);
  await run({
    trend: async (p) => chart(p, await got, ctx),
    'trend-table': async (p) => values(p, await got),
  });
}
form.addEventListener('change', (e) => {
  state[e.target.name] = e.target.value;
  if (e.target.name === 'metric') state.source = '';
  document.querySelectorAll('#trend .body, #trend-table .body').forEach((b) => b.replaceChildren());
  render();
});
form.addEventListener('submit', (e) => e.preventDefault());
if (!catalog.length) {
  document.getElementById('trend').dataset.state = 'empty';
  document.querySelector('#trend .body').textContent = 'no metrics yet: nothing has been received';
  document.getElementById('trend-table').dataset.state = 'empty';
  document.body.dataset.ready = '1';
} else {
  await render();
}
