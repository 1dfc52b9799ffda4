// Today: activity against goals, heart, last night, the latest workout, the last sync, heart rate through
// the day. `/?date=YYYY-MM-DD` shows another day.
import { api, all, metric, patchMe, TZ, localDay, addDays, isDay } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, hours, clock, dayLabel, duration, ago, kv } from '../ui.js';
import { ring, stageStrip, stageLegend, route } from '../svg.js';
import { timeChart, seconds } from '../charts.js';

const today = localDay();
const asked = new URLSearchParams(location.search).get('date');
const day = isDay(asked) && asked <= today ? asked : today;
const next = addDays(day, 1);
const RANGE = { start: day, end: next, tz: TZ };

document.getElementById('day-title').textContent = day === today ? 'Today' : dayLabel(day);
document.getElementById('prev-day').href = `/?date=${addDays(day, -1)}`;
const nextLink = document.getElementById('next-day');
if (day >= today) nextLink.classList.add('invisible'); else nextLink.href = next === today ? '/' : `/?date=${next}`;

const daily = (name, params = RANGE) => metric(name, { ...params, bucket: 'day', merge: 'true' });

const TILES = {
  steps: ['step_count', 'steps'], active_energy: ['active_energy', 'kcal'],
  exercise: ['apple_exercise_time', 'min'], stand: ['apple_stand_hour', 'h'],
};

function tile(goalName, goals) {
  const [name] = TILES[goalName];
  return async (p) => {
    const r = await daily(name);
    const v = r.points.length ? r.points[0].qty : null;
    if (v === null) return p.empty(`no ${name} on this day`);
    const goal = goals[goalName];
    p.root.dataset.value = String(v);
    p.ok(ring(v, goal, goalName, `${num(v, 0)} of ${num(goal, 0)}`),
      el('div', { class: 'value', text: `${num(v, 0)} / ${num(goal, 0)}` }),
      el('div', { class: 'unit', text: r.units || TILES[goalName][1] }));
  };
}

async function latest(name) {
  const r = await daily(name, { start: addDays(day, -6), end: next, tz: TZ });
  const p = r.points[r.points.length - 1];
  return p ? { value: p.qty, units: r.units, date: p.date } : null;
}

async function vitals(p) {
  const [rest, hrv] = await Promise.all([latest('resting_heart_rate'), latest('heart_rate_variability')]);
  if (!rest && !hrv) return p.empty('no resting heart rate or HRV in the 7 days to this one');
  const show = (x) => (x ? `${num(x.value, 0)} ${x.units || ''}${x.date.slice(0, 10) === day ? '' : ` (${dayLabel(x.date)})`}` : '–');
  p.ok(kv([['Resting', show(rest)], ['HRV', show(hrv)]]));
}

async function lastNight(p) {
  const r = await api('/api/v1/sleep', RANGE);
  const nights = r.nights.filter((n) => n.night === day);
  if (!nights.length) return p.empty('no sleep recorded for the night before this day');
  // one source's night, never a sum: the Watch and a sleep app record the same hours
  const n = nights.reduce((a, b) => ((b.total_sleep || 0) > (a.total_sleep || 0) ? b : a));
  p.ok(el('div', { class: 'big', text: hours(n.total_sleep) }), stageStrip(n), stageLegend([n]),
    kv([['Bed', clock(n.bed_time)], ['Wake', clock(n.wake_time)], ['Source', n.source]]));
}

async function latestWorkout(p, tiles) {
  const items = await all('/api/v1/workouts', { start: addDays(day, -60), end: next, tz: TZ }, 1000);
  const w = items[items.length - 1];
  if (!w) return p.empty('no workout in the 60 days to this one');
  const nodes = [el('a', { href: `/workouts/${encodeURIComponent(w.id)}`, text: w.name || 'Workout' }),
    kv([['Start', `${dayLabel(w.start_ts)} ${clock(w.start_ts)}`], ['Duration', duration(w.duration_s)]])];
  if (w.route_points > 1) {
    const geo = await api(`/api/v1/workouts/${encodeURIComponent(w.id)}/route`);
    nodes.push(route(geo.geometry.coordinates, { thumb: true, tiles }));
  }
  p.ok(...nodes);
}

async function lastSync(p) {
  const r = await api('/api/v1/ingestions', { limit: 20 });
  const list = r.ingestions || [];
  if (!list.length) return p.empty('nothing received yet: point Health Auto Export at /api/v1/ingest');
  const failed = list.filter((i) => i.status === 'failed').length;
  p.ok(el('div', { class: 'big', text: ago(list[0].received_at) }),
    kv([['Status', el('span', { class: `badge ${list[0].status}`, text: list[0].status })],
      ['Failed (last 20)', el('a', { href: '/data', class: failed ? 'badge failed' : 'badge ok', text: String(failed) })]]));
}

async function intraday(p) {
  const r = await metric('heart_rate', { ...RANGE, bucket: 'minute', merge: 'true' });
  if (!r.points.length) return p.empty('no heart rate on this day');
  const box = el('div');
  p.ok(box);
  const x = r.points.map((q) => seconds(q.date));
  timeChart(box, { x, height: 220, band: [3, 1], yLabel: r.units || 'bpm', series: [
    { label: 'min', values: r.points.map((q) => q.min), color: '--band', width: 0 },
    { label: 'avg', values: r.points.map((q) => q.avg), color: '--hr' },
    { label: 'max', values: r.points.map((q) => q.max), color: '--band', width: 0 },
  ] });
}

const ctx = await layout();
const goalForm = document.getElementById('goal-form');
for (const [name, value] of Object.entries(ctx.goals)) if (goalForm.elements[name]) goalForm.elements[name].value = value;
goalForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const goals = Object.fromEntries(['steps', 'active_energy', 'exercise', 'stand'].map((k) => [k, Number(goalForm.elements[k].value)]));
  try {
    await patchMe({ goals }, ctx.session.csrf);
    location.reload();
  } catch (err) {
    document.getElementById('goal-error').textContent = err.message;
  }
});
await run({
  steps: tile('steps', ctx.goals), active_energy: tile('active_energy', ctx.goals),
  exercise: tile('exercise', ctx.goals), stand: tile('stand', ctx.goals),
  vitals, 'last-night': lastNight, 'latest-workout': (p) => latestWorkout(p, ctx.session.map_tiles_url),
  'last-sync': lastSync, 'intraday-hr': intraday,
});
