// Workouts: every workout (newest first) with a type filter, and lifetime totals and records.
import { all } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, table, dateTime, duration, kv, select, resetReady } from '../ui.js';

const q = (w, k) => (w.summary && w.summary[k] && typeof w.summary[k] === 'object' ? w.summary[k].qty : null);
const unit = (w, k) => (w.summary && w.summary[k] && w.summary[k].units) || '';
const energy = (w) => q(w, 'activeEnergyBurned') ?? q(w, 'activeEnergy');
const avgHr = (w) => q(w, 'avgHeartRate') ?? q(w, 'heartRate');
const PAGE = 50;

await layout();
const everything = (await all('/api/v1/workouts', {}, 5000)).reverse();
const typeBox = document.getElementById('type');
const state = { type: new URLSearchParams(location.search).get('type') || '', shown: PAGE };
select(typeBox, [['', 'all'], ...[...new Set(everything.map((w) => w.name))].sort().map((n) => [n, n])], state.type);

async function render() {
  resetReady();
  const list = everything.filter((w) => !state.type || w.name === state.type);
  await run({
    totals: async (p) => {
      if (!list.length) return p.empty('no workouts yet');
      const sum = (f) => list.reduce((a, w) => a + (f(w) || 0), 0);
      // a total of a value no workout has is '–', as in the table below, not 0
      const total = (f, units, digits) => (list.some((w) => f(w) != null) ? `${num(sum(f), digits)} ${units}` : '–');
      const distance = (w) => q(w, 'distance');
      const longest = list.reduce((a, w) => ((distance(w) || 0) > (distance(a) || 0) ? w : a));
      p.ok(kv([['Workouts', num(list.length, 0)], ['Time', duration(sum((w) => w.duration_s))],
        ['Distance', total(distance, unit(list[0], 'distance'))],
        ['Active energy', total(energy, unit(list[0], 'activeEnergyBurned') || 'kcal', 0)],
        ['Longest', distance(longest) == null ? '–' : el('a', { href: `/workouts/${encodeURIComponent(longest.id)}`,
          text: `${num(distance(longest))} ${unit(longest, 'distance')} on ${dateTime(longest.start_ts)}` })]]));
    },
    'workout-list': async (p) => {
      if (!list.length) return p.empty(state.type ? `no ${state.type} workouts` : 'no workouts yet');
      const more = document.getElementById('more');
      more.hidden = list.length <= state.shown;
      p.ok(table([
        { label: 'Start', value: (w) => el('a', { href: `/workouts/${encodeURIComponent(w.id)}`, text: dateTime(w.start_ts) }) },
        { label: 'Type', value: (w) => w.name },
        { label: 'Duration', num: true, value: (w) => duration(w.duration_s) },
        { label: 'Distance', num: true, value: (w) => (q(w, 'distance') == null ? '–' : `${num(q(w, 'distance'))} ${unit(w, 'distance')}`) },
        { label: 'Energy', num: true, value: (w) => (energy(w) == null ? '–' : `${num(energy(w), 0)} kcal`) },
        { label: 'Avg HR', num: true, value: (w) => num(avgHr(w), 0) },
        { label: 'Route points', num: true, value: (w) => num(w.route_points, 0) },
      ], list.slice(0, state.shown)));
    },
  });
}
typeBox.addEventListener('change', () => { state.type = typeBox.value; state.shown = PAGE; render(); });
document.getElementById('more').addEventListener('click', () => { state.shown += PAGE; render(); });
document.getElementById('workout-form').addEventListener('submit', (e) => e.preventDefault());
await render();
