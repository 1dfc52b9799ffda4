// Journal: state of mind (valence over time), symptoms, medications and cycle events.
import { all, TZ, localDay, addDays } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, svg, table, dateTime, dayLabel, resetReady } from '../ui.js';

const form = document.getElementById('journal-form');
const state = { range: new URLSearchParams(location.search).get('range') || '90' };

// Valence (-1 … 1) as bars around a zero line: pleasant up, unpleasant down.
function moodChart(items, width) {
  const W = Math.max(280, width), H = 160, mid = H / 2 - 10, left = 74;
  const t0 = Date.parse(items[0].start_ts), t1 = Date.parse(items[items.length - 1].start_ts) || t0 + 1;
  const x = (t) => left + ((t - t0) / Math.max(1, t1 - t0)) * (W - left - 12);
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bars', role: 'img', 'aria-label': 'state of mind over time' },
    svg('line', { x1: left, x2: W, y1: mid, y2: mid, class: 'axis' }),
    svg('text', { x: 0, y: 14 }, 'pleasant'), svg('text', { x: 0, y: H - 22 }, 'unpleasant'),
    svg('text', { x: left, y: H - 4 }, dayLabel(items[0].start_ts)),
    svg('text', { x: W - 4, y: H - 4, 'text-anchor': 'end' }, dayLabel(items[items.length - 1].start_ts)),
    items.filter((m) => m.valence !== null && m.valence !== undefined).map((m) => {
      const h = Math.abs(m.valence) * (mid - 8);
      return svg('rect', { x: (x(Date.parse(m.start_ts)) - 3).toFixed(1), y: (m.valence >= 0 ? mid - h : mid).toFixed(1),
        width: 6, height: Math.max(1, h).toFixed(1), class: m.valence >= 0 ? 'mood-pos' : 'mood-neg' },
      svg('title', {}, `${dateTime(m.start_ts)}: ${num(m.valence)} ${m.valence_classification || ''}`));
    }));
}

const list = (path, what, columns) => async (p, range) => {
  const items = (await all(path, range, 500)).reverse();
  if (!items.length) return p.empty(`no ${what} between ${dayLabel(range.start)} and today`);
  p.ok(table(columns, items));
};

await layout();
async function render() {
  resetReady();
  const end = addDays(localDay(), 1);
  const range = { start: addDays(end, -Number(state.range)), end, tz: TZ };
  await run({
    mood: async (p) => {
      const items = await all('/api/v1/state-of-mind', range, 1000);
      if (!items.length) return p.empty(`no state of mind logged between ${dayLabel(range.start)} and today`);
      const last = items[items.length - 1];
      p.ok(moodChart(items, p.body.clientWidth), el('p', { class: 'note', text: `Latest: ${dateTime(last.start_ts)}, ${last.valence_classification || ''}` +
        `${last.labels && last.labels.length ? ' (' + last.labels.join(', ') + ')' : ''}` }));
    },
    symptoms: list('/api/v1/symptoms', 'symptoms', [{ label: 'When', value: (s) => dateTime(s.start_ts) },
      { label: 'Symptom', value: (s) => s.name }, { label: 'Severity', value: (s) => s.severity }]),
    medications: list('/api/v1/medications', 'medications', [{ label: 'When', value: (m) => dateTime(m.ts) },
      { label: 'Medication', value: (m) => m.nickname || m.name }, { label: 'Status', value: (m) => m.status }]),
    cycle: list('/api/v1/cycle-tracking', 'cycle events', [{ label: 'When', value: (c) => dateTime(c.start_ts) },
      { label: 'Event', value: (c) => c.name }, { label: 'Value', value: (c) => c.value }]),
  }, range);
}
form.addEventListener('change', (e) => { state.range = e.target.value; render(); });
await render();
