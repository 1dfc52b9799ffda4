// uPlot for every time series, in the same zone the API bucketed in (tzDate), coloured from the CSS variables
// so dark mode follows the system.
import uPlot from '../vendor/uplot-1.6.32/uPlot.esm.js';
import { TZ } from './api.js';
import { num } from './ui.js';

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
export const seconds = (iso) => Date.parse(iso) / 1000;

// Tick labels in the page's locale and zone (24 h where the locale says so): times within two days, else dates.
const fmtSec = new Intl.DateTimeFormat(undefined, { timeZone: TZ, minute: '2-digit', second: '2-digit' });
const fmtTime = new Intl.DateTimeFormat(undefined, { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
const fmtDay = new Intl.DateTimeFormat(undefined, { timeZone: TZ, day: 'numeric', month: 'short' });
const fmtMonth = new Intl.DateTimeFormat(undefined, { timeZone: TZ, month: 'short', year: 'numeric' });
function timeTicks(u, splits) {
  const span = u.scales.x.max - u.scales.x.min;
  const f = span <= 600 ? fmtSec : span <= 2 * 86400 ? fmtTime : span <= 400 * 86400 ? fmtDay : fmtMonth;
  return splits.map((ts) => f.format(new Date(ts * 1e3)));
}

const charts = new Set();
let pending = 0;
window.addEventListener('resize', () => {
  clearTimeout(pending);
  pending = setTimeout(() => charts.forEach((c) => c.fit()), 150);
});

// x: epoch seconds; series: [{label, values, color (CSS variable), bars, dash, width, fill}]
// band: [upper index, lower index] (1-based series numbers) shaded between.
export function timeChart(container, { x, series, height = 240, band = null, yLabel = '', points = false }) {
  const muted = cssVar('--muted'), line = cssVar('--line');
  const opts = {
    width: Math.max(280, container.clientWidth || 600), height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), TZ),
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line }, values: timeTicks, space: 60 },
      { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line }, label: yLabel, size: 56,
        values: (u, vals) => vals.map((v) => num(v)) },
    ],
    series: [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm}' }, ...series.map((s) => ({
      label: s.label,
      stroke: cssVar(s.color || '--accent'),
      fill: s.fill ? cssVar(s.fill) : undefined,
      width: s.width ?? (s.bars ? 0 : 2),
      dash: s.dash,
      spanGaps: false,
      paths: s.bars ? uPlot.paths.bars({ size: [0.7, 48], align: 0 }) : undefined,
      points: { show: points || !!s.points || (x.length < 40 && !s.bars && s.width !== 0) },
      value: (u, v) => (v == null ? '–' : num(v)),
    }))],
  };
  if (series.some((s) => s.bars)) {
    // bars start at zero, and the first and last keep their full width
    const half = x.length > 1 ? (x[x.length - 1] - x[0]) / (x.length - 1) / 2 : 43200;
    opts.scales.x.range = (u, min, max) => [min - half, max + half];
    opts.scales.y = { range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1] };
    opts.series.forEach((s, i) => { if (i && series[i - 1].bars) s.fill = cssVar(series[i - 1].color || '--accent'); });
  } else if (x.length === 1) {
    // one point: uPlot widens a time scale of no width to 86400 / ms "days" of seconds (1,000 days, its own
    // slip), so the max it passes is no use; show the day around the point
    opts.scales.x.range = (u, min) => [min - 43200, min + 43200];
  }
  if (band) opts.bands = [{ series: band, fill: cssVar('--band') }];
  // the seconds the x axis shows, for the browser tests (uPlot sets its scales after the constructor returns)
  opts.hooks = { setScale: [(u, key) => { if (key === 'x') container.dataset.xSpan = String(u.scales.x.max - u.scales.x.min); }] };
  const u = new uPlot(opts, [x, ...series.map((s) => s.values)], container);
  const chart = { u, fit: () => u.setSize({ width: Math.max(280, container.clientWidth), height }) };
  charts.add(chart);
  return u;
}
