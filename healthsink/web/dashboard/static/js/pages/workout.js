// One workout: summary, route (SVG, tiles only when configured), heart rate, speed and elevation.
import { api } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, kv, dateTime, duration } from '../ui.js';
import { route } from '../svg.js';
import { timeChart, seconds } from '../charts.js';

const id = decodeURIComponent(location.pathname.split('/').pop());
const ctx = await layout();
const w = await api(`/api/v1/workouts/${encodeURIComponent(id)}`).catch((err) => ({ error: err }));
const geo = w.error ? null : await api(`/api/v1/workouts/${encodeURIComponent(id)}/route`);
const sq = (k) => (w.summary && w.summary[k] && typeof w.summary[k] === 'object' ? w.summary[k] : null);
const show = (k) => (sq(k) ? `${num(sq(k).qty)} ${sq(k).units || ''}` : null);

await run({
  stats: async (p) => {
    if (w.error) throw w.error;
    document.getElementById('workout-title').textContent = `${w.name || 'Workout'}, ${dateTime(w.start_ts)}`;
    document.title = `${w.name} · healthsink`;
    p.ok(kv([['Start', dateTime(w.start_ts)], ['End', dateTime(w.end_ts)], ['Duration', duration(w.duration_s)],
      ['Distance', show('distance')], ['Active energy', show('activeEnergyBurned') || show('activeEnergy')],
      ['Elevation up', show('elevationUp')], ['Location', w.location], ['Indoor', w.is_indoor == null ? null : String(w.is_indoor)]]
      .filter(([, v]) => v !== null && v !== undefined)));
  },
  route: async (p) => {
    if (w.error) throw w.error;
    const coords = geo.geometry.coordinates;
    if (coords.length < 2) return p.empty('this workout has no route');
    p.ok(route(coords, { tiles: ctx.session.map_tiles_url }),
      el('p', { class: 'note', text: ctx.session.map_tiles_url ? 'Map tiles from the configured tile server.'
        : 'Drawn without a map: no tile server is configured, so nothing is asked of any other server.' }));
  },
  'workout-hr': async (p) => {
    if (w.error) throw w.error;
    const hr = (w.heart_rate && (w.heart_rate.heartRateData || w.heart_rate.heart_rate_data)) || [];
    if (!hr.length) return p.empty('no heart rate recorded during this workout');
    const box = el('div');
    p.ok(box);
    timeChart(box, { x: hr.map((h) => seconds(h.date)), height: 220, band: [3, 1], yLabel: 'bpm', series: [
      { label: 'min', values: hr.map((h) => h.min ?? h.qty), color: '--band', width: 0 },
      { label: 'avg', values: hr.map((h) => h.avg ?? h.qty), color: '--hr' },
      { label: 'max', values: hr.map((h) => h.max ?? h.qty), color: '--band', width: 0 }] });
  },
  profile: async (p) => {
    if (w.error) throw w.error;
    const props = geo.properties, coords = geo.geometry.coordinates;
    if (!props.timestamps.length) return p.empty('no route points with times, so no speed or elevation profile');
    const box = el('div');
    p.ok(box);
    timeChart(box, { x: props.timestamps.map(seconds), height: 200, yLabel: 'm/s · m', series: [
      { label: 'speed (m/s)', values: props.speeds, color: '--core' },
      { label: 'elevation (m)', values: coords.map((c) => (c.length > 2 ? c[2] : null)), color: '--exercise' }] });
  },
});
