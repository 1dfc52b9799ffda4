// Heart: daily min/avg/max band, resting heart rate, HRV, blood pressure, notifications, and the ECG list
// with a recording's waveform.
import { api, all, metric, TZ, localDay, addDays } from '../api.js';
import { layout } from '../layout.js';
import { run, el, num, table, dateTime, duration, resetReady } from '../ui.js';
import { timeChart, seconds } from '../charts.js';

const form = document.getElementById('heart-form');
const state = { range: new URLSearchParams(location.search).get('range') || '30' };

function line(name, label, color) {
  return async (p, range) => {
    const r = await metric(name, { ...range, bucket: 'day', merge: 'true' });
    if (!r.points.length) return p.empty(`no ${name} in this range`);
    const box = el('div');
    p.ok(box);
    timeChart(box, { x: r.points.map((q) => seconds(q.date)), height: 200, yLabel: r.units || '', points: true,
      series: [{ label, values: r.points.map((q) => q.qty), color }] });
  };
}

async function band(p, range) {
  const r = await metric('heart_rate', { ...range, bucket: 'day', merge: 'true' });
  if (!r.points.length) return p.empty('no heart rate in this range');
  const box = el('div');
  p.ok(box);
  timeChart(box, { x: r.points.map((q) => seconds(q.date)), height: 260, band: [3, 1], yLabel: r.units || 'bpm',
    series: [{ label: 'min', values: r.points.map((q) => q.min), color: '--band', width: 0 },
      { label: 'avg', values: r.points.map((q) => q.avg), color: '--hr' },
      { label: 'max', values: r.points.map((q) => q.max), color: '--band', width: 0 }] });
}

async function pressure(p, range) {
  // readings are never merged across cuffs: one line per source would mislead less than an average
  const r = await metric('blood_pressure', { ...range, bucket: 'day' });
  if (!r.points.length) return p.empty('no blood pressure readings in this range');
  const box = el('div');
  p.ok(box);
  timeChart(box, { x: r.points.map((q) => seconds(q.date)), height: 200, yLabel: r.units || 'mmHg', points: true,
    series: [{ label: 'systolic', values: r.points.map((q) => q.systolic), color: '--hr' },
      { label: 'diastolic', values: r.points.map((q) => q.diastolic), color: '--core' }] });
}

async function notifications(p, range) {
  const items = await all('/api/v1/heart-rate-notifications', range, 200);
  if (!items.length) return p.empty('no heart rate notifications in this range');
  p.ok(table([{ label: 'When', value: (n) => dateTime(n.start_ts) },
    { label: 'Kind', value: (n) => String(n.kind || '').replaceAll('_', ' ') },
    { label: 'Threshold', num: true, value: (n) => num(n.threshold) }], items.reverse()));
}

async function waveform(box, id) {
  const e = await api(`/api/v1/ecg/${encodeURIComponent(id)}`);
  const hz = e.sampling_frequency || 512;
  const t0 = seconds(e.start_ts);
  const x = e.voltages.map((_, i) => t0 + i / hz);
  box.replaceChildren();
  timeChart(box, { x, height: 220, yLabel: e.voltage_units || 'µV',
    series: [{ label: `${e.classification || 'ECG'} ${dateTime(e.start_ts)}`, values: e.voltages, color: '--hr', width: 1 }] });
}

async function ecg(p, range) {
  const items = (await all('/api/v1/ecg', range, 200)).reverse();
  if (!items.length) return p.empty('no ECG recordings in this range');
  const wave = document.querySelector('#ecg .ecg-wave');
  p.ok(table([{ label: 'When', value: (e) => el('button', { type: 'button', text: dateTime(e.start_ts),
    onclick: () => waveform(wave, e.id) }) },
  { label: 'Classification', value: (e) => e.classification },
  { label: 'Avg HR', num: true, value: (e) => num(e.average_heart_rate, 0) },
  { label: 'Length', num: true, value: (e) => duration((Date.parse(e.end_ts) - Date.parse(e.start_ts)) / 1000) }], items));
  await waveform(wave, items[0].id);
}

await layout();
async function render() {
  resetReady();
  const end = addDays(localDay(), 1);
  const range = { start: addDays(end, -Number(state.range)), end, tz: TZ };
  await run({
    'hr-band': band, resting: line('resting_heart_rate', 'resting', '--hr'),
    hrv: line('heart_rate_variability', 'HRV', '--core'), bp: pressure, notifications, ecg,
  }, range);
}
form.addEventListener('change', (e) => {
  state.range = e.target.value;
  document.querySelectorAll('.panel .body, .ecg-wave').forEach((b) => b.replaceChildren());
  render();
});
await render();
