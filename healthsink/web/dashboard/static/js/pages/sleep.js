// Sleep: stages per night (one source at a time, never summed), bed and wake times, averages, and one
// night's hypnogram from its segments (picked by clicking a night, or Enter on it).
import { api, lines, TZ, localDay, addDays } from '../api.js';
import { layout } from '../layout.js';
import { run, el, hours, kv, select, clock, dayLabel, panel } from '../ui.js';
import { sleepBars, stageLegend, schedule, hypnogram, STAGES } from '../svg.js';

const form = document.getElementById('sleep-form');
const q = new URLSearchParams(location.search);
const state = { source: q.get('source') || '', range: q.get('range') || '30' };

function bySource(nights) {
  const out = new Map();
  for (const n of nights) out.set(n.source, [...(out.get(n.source) || []), n]);
  return out;
}

async function drawNight(night) {
  const p = panel('hypnogram');
  document.getElementById('hypnogram-title').textContent = `The night to ${dayLabel(night.night)} (${night.source})`;
  // The segments of the hours around this night, as the export streams them (NDJSON).
  const rows = await lines('/api/v1/export', { format: 'ndjson', type: 'sleep_segments',
    start: addDays(night.night, -1) + 'T12:00:00Z', end: night.night + 'T18:00:00Z' });
  const stage = (v) => String(v || '').toLowerCase().replace('inbed', 'in_bed').replace('unspecified', 'asleep');
  const segs = rows.filter((r) => (r.source || '') === night.source || !night.source)
    .map((r) => ({ start: r.start_ts || r.start, end: r.end_ts || r.end, stage: stage(r.stage || r.value) }))
    .filter((s) => s.start && s.end && s.stage);
  if (!segs.length) {
    return p.empty(`no stage-by-stage segments from ${night.source} for this night (aggregated totals only): ` +
      `${hours(night.total_sleep)} asleep, ${clock(night.bed_time)} – ${clock(night.wake_time)}`);
  }
  p.ok(hypnogram(segs, p.body.clientWidth), stageLegend([Object.fromEntries(segs.map((x) => [x.stage, 1]))], ['deep', 'core', 'rem', 'asleep', 'awake']));
}

const ctx = await layout();
void ctx;
async function render() {
  const days = Number(state.range);
  const end = addDays(localDay(), 1);
  const r = await api('/api/v1/sleep', { start: addDays(end, -days), end, tz: TZ });
  const sources = bySource(r.nights);
  // default: the source with the most nights (a watch, usually)
  if (!sources.has(state.source)) {
    state.source = [...sources.entries()].sort((a, b) => b[1].length - a[1].length).map(([s]) => s)[0] || '';
  }
  select(document.getElementById('source'), [...sources.keys()].map((s) => [s, s]), state.source);
  const nights = sources.get(state.source) || [];
  const withSegments = [...sources.entries()].find(([, ns]) => ns.some((n) => n.built_from === 'segments'));
  await run({
    stages: async (p) => {
      if (!nights.length) return p.empty(`no sleep between ${dayLabel(addDays(end, -days))} and today`);
      p.ok(sleepBars(nights, (n) => drawNight(n), p.body.clientWidth), stageLegend(nights));
    },
    averages: async (p) => {
      if (!nights.length) return p.empty('no nights to average');
      const mean = (list, k) => list.reduce((a, n) => a + (n[k] || 0), 0) / (list.length || 1);
      const last7 = nights.slice(-7);
      p.ok(kv([['Nights', String(nights.length)], ['Asleep, last 7', hours(mean(last7, 'total_sleep'))],
        [`Asleep, last ${days}`, hours(mean(nights, 'total_sleep'))],
        ...STAGES.filter((s) => mean(nights, s) > 0).map((s) => [`${s}, average`, hours(mean(nights, s))])]));
    },
    schedule: async (p) => {
      const timed = nights.filter((n) => n.bed_time && n.wake_time).slice(-14);
      if (!timed.length) return p.empty('no bed or wake times in these nights');
      p.ok(schedule(timed, p.body.clientWidth));
    },
    hypnogram: async () => {
      const last = withSegments ? withSegments[1].filter((n) => n.built_from === 'segments').pop() : nights[nights.length - 1];
      if (!last) return panel('hypnogram').empty('no night to show');
      await drawNight(last);
    },
  });
}
form.addEventListener('change', (e) => { state[e.target.name] = e.target.value; delete document.body.dataset.ready; render(); });
await render();
