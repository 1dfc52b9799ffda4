// Hand-drawn SVG where uPlot does not fit: goal rings, stacked sleep stages, the hypnogram, bed/wake
// schedules and routes. Sizes are in viewBox units; CSS scales them.
import { svg, el, hours, dayLabel, clock } from './ui.js';

export const STAGES = ['deep', 'core', 'rem', 'asleep', 'awake'];
const STAGE_NAMES = { deep: 'Deep', core: 'Core', rem: 'REM', asleep: 'Asleep (unstaged)', awake: 'Awake', in_bed: 'In bed' };

export function ring(value, goal, cls, label) {
  const r = 50, c = 2 * Math.PI * r, share = goal ? Math.min(1, (value || 0) / goal) : 0;
  return svg('svg', { viewBox: '0 0 120 120', role: 'img', 'aria-label': label },
    svg('circle', { cx: 60, cy: 60, r, class: 'ring-track', fill: 'none', 'stroke-width': 12 }),
    svg('circle', { cx: 60, cy: 60, r, class: `ring-${cls}`, fill: 'none', 'stroke-width': 12, 'stroke-linecap': 'round',
      'stroke-dasharray': `${(share * c).toFixed(1)} ${c.toFixed(1)}`, transform: 'rotate(-90 60 60)' }),
    svg('text', { x: 60, y: 66, 'text-anchor': 'middle', 'font-size': 20 }, `${Math.round(share * 100)}%`));
}

// The stages that occur in `nights` (all of them when none given).
export function stageLegend(nights = null, stages = STAGES) {
  const shown = nights ? stages.filter((s) => nights.some((n) => n[s])) : stages;
  return el('div', { class: 'legend' }, shown.map((s) => el('span', {}, el('i', { class: `stage-${s}` }), STAGE_NAMES[s])));
}

// One horizontal bar of a night's stages (Today's "last night").
export function stageStrip(night) {
  const total = STAGES.reduce((a, s) => a + (night[s] || 0), 0) || 1;
  let x = 0;
  return svg('svg', { viewBox: '0 0 300 18', class: 'bars', role: 'img', 'aria-label': 'stages of the night' },
    STAGES.filter((s) => night[s]).map((s) => {
      const w = (night[s] / total) * 300;
      const r = svg('rect', { x: x.toFixed(1), y: 0, width: w.toFixed(1), height: 18, class: `stage-${s}` },
        svg('title', {}, `${STAGE_NAMES[s]}: ${hours(night[s])}`));
      x += w;
      return r;
    }));
}

// Stacked stages per night; each night is focusable and picks itself on click or Enter.
// Sizes follow the panel's width in pixels (width), so text stays at its CSS size at any screen width.
export function sleepBars(nights, onPick, width = 600) {
  const W = Math.max(width, nights.length * 14), H = 220, top = 10, bottom = 24, left = 34;
  const maxH = Math.max(9, ...nights.map((n) => STAGES.reduce((a, s) => a + (n[s] || 0), 0)));
  const y = (h) => H - bottom - (h / maxH) * (H - top - bottom);
  const step = (W - left) / nights.length, bw = Math.max(4, step * 0.7);
  const grid = [];
  for (let h = 2; h <= maxH; h += 2) {
    grid.push(svg('line', { x1: left, x2: W, y1: y(h), y2: y(h), class: 'axis' }),
      svg('text', { x: 2, y: y(h) + 4 }, `${h} h`));
  }
  const every = Math.ceil(nights.length / 10);
  const bars = nights.map((n, i) => {
    let acc = 0;
    const x = left + i * step + (step - bw) / 2;
    const g = svg('g', { tabindex: 0, role: 'button', 'aria-label': `${dayLabel(n.night)}: ${hours(n.total_sleep)} asleep` },
      STAGES.filter((s) => n[s]).map((s) => {
        const r = svg('rect', { x: x.toFixed(1), y: y(acc + n[s]).toFixed(1), width: bw.toFixed(1),
          height: (y(acc) - y(acc + n[s])).toFixed(1), class: `stage-${s} night` });
        acc += n[s];
        return r;
      }),
      svg('title', {}, `${dayLabel(n.night)}: ${hours(n.total_sleep)} asleep`),
      i % every === 0 ? svg('text', { x: x + bw / 2, y: H - 6, 'text-anchor': 'middle' }, n.night.slice(5)) : null);
    const pick = () => onPick && onPick(n);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
    return g;
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bars', role: 'group', 'aria-label': 'sleep stages per night' },
    grid, bars);
}

// Minutes past 18:00 of the local clock time written in an ISO string (the API writes it in the zone asked).
const clockMinutes = (iso) => {
  const [h, m] = iso.slice(11, 16).split(':').map(Number);
  return ((h * 60 + m) - 18 * 60 + 1440) % 1440;
};

export function schedule(nights, width = 600) {
  const W = Math.max(280, width), row = 16, H = nights.length * row + 24, left = 44, span = 20 * 60;
  const x = (min) => left + (min / span) * (W - left - 10);
  const ticks = [18, 21, 0, 3, 6, 9, 12].map((h) => {
    const m = ((h * 60) - 18 * 60 + 1440) % 1440;
    return [svg('line', { x1: x(m), x2: x(m), y1: 0, y2: H - 18, class: 'axis' }),
      svg('text', { x: x(m), y: H - 4, 'text-anchor': 'middle' }, `${String(h).padStart(2, '0')}:00`)];
  });
  const bars = nights.filter((n) => n.bed_time && n.wake_time).map((n, i) => {
    const a = clockMinutes(n.bed_time), b = Math.min(span, clockMinutes(n.wake_time));
    return svg('g', {},
      svg('text', { x: 0, y: i * row + 11 }, n.night.slice(5)),
      svg('rect', { x: x(a), y: i * row + 2, width: Math.max(2, x(b) - x(a)), height: row - 4, rx: 3, class: 'sched-bar' },
        svg('title', {}, `${n.night}: ${clock(n.bed_time)} – ${clock(n.wake_time)}`)));
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'schedule', role: 'img', 'aria-label': 'bed and wake times' }, ticks, bars);
}

const LANES = { awake: 0, rem: 1, core: 2, asleep: 2, deep: 3, in_bed: 0 };
// segments: [{start, end, stage}] with ISO instants.
export function hypnogram(segments, width = 700) {
  const W = Math.max(280, width), lane = 34, H = 4 * lane + 26, left = 50;
  const t0 = Math.min(...segments.map((s) => Date.parse(s.start)));
  const t1 = Math.max(...segments.map((s) => Date.parse(s.end)));
  const x = (t) => left + ((t - t0) / (t1 - t0 || 1)) * (W - left - 6);
  const labels = ['Awake', 'REM', 'Core', 'Deep'].map((n, i) => svg('text', { x: 0, y: i * lane + lane / 2 + 4 }, n));
  const ticks = [];
  const hour = 3600e3;
  const every = W < 500 ? 2 * hour : hour;
  for (let t = Math.ceil(t0 / every) * every; t <= t1; t += every) {
    ticks.push(svg('line', { x1: x(t), x2: x(t), y1: 0, y2: 4 * lane, class: 'axis' }),
      svg('text', { x: x(t), y: H - 6, 'text-anchor': 'middle' }, clock(new Date(t).toISOString())));
  }
  const rects = segments.filter((s) => s.stage !== 'in_bed').map((s) => svg('rect', {
    x: x(Date.parse(s.start)).toFixed(1), y: LANES[s.stage] * lane + 4,
    width: Math.max(1, x(Date.parse(s.end)) - x(Date.parse(s.start))).toFixed(1), height: lane - 8,
    class: `stage-${s.stage}` }, svg('title', {}, `${STAGE_NAMES[s.stage]} ${clock(s.start)}–${clock(s.end)}`)));
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'hypno', role: 'img', 'aria-label': 'stages through the night' },
    ticks, labels, rects);
}

// A route as one SVG path: equirectangular with the cos(latitude) correction, north up. With a tile URL
// configured, the map tiles of the same extent are drawn beneath it (and the page asks that server for them).
export function route(coords, { thumb = false, tiles = '' } = {}) {
  const lats = coords.map((c) => c[1]), lons = coords.map((c) => c[0]);
  const mid = ((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI / 180;
  const pts = coords.map(([lon, lat]) => [lon * Math.cos(mid), -lat]);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const minX = Math.min(...xs), minY = Math.min(...ys);
  const w = Math.max(1e-6, Math.max(...xs) - minX), h = Math.max(1e-6, Math.max(...ys) - minY);
  const W = 600, pad = 16, scale = (W - 2 * pad) / Math.max(w, h * 1.0);
  const H = Math.max(120, h * scale + 2 * pad);
  const at = ([px, py]) => [(pad + (px - minX) * scale).toFixed(1), (pad + (py - minY) * scale).toFixed(1)];
  const d = pts.map((p, i) => (i ? 'L' : 'M') + at(p).join(' ')).join('');
  const [sx, sy] = at(pts[0]), [ex, ey] = at(pts[pts.length - 1]);
  const layers = tiles ? tileImages(tiles, coords, { W, H, pad, scale, minX, minY, mid }) : [];
  return svg('svg', { viewBox: `0 0 ${W} ${H.toFixed(0)}`, class: thumb ? 'route thumb' : 'route', role: 'img',
    'aria-label': `route of ${coords.length} points` },
  layers, svg('path', { d }), svg('circle', { cx: sx, cy: sy, r: 6, class: 'start' }),
  svg('circle', { cx: ex, cy: ey, r: 6, class: 'end' }));
}

// Web-Mercator tiles covering the route; positioned with the route's own projection (close enough at
// the scale of one workout).
function tileImages(template, coords, g) {
  const lats = coords.map((c) => c[1]), lons = coords.map((c) => c[0]);
  const span = Math.max(Math.max(...lons) - Math.min(...lons), 1e-4);
  const z = Math.max(1, Math.min(17, Math.floor(Math.log2((360 / span) * 2))));
  const n = 2 ** z;
  const tx = (lon) => ((lon + 180) / 360) * n;
  const ty = (lat) => ((1 - Math.log(Math.tan(lat * Math.PI / 180) + 1 / Math.cos(lat * Math.PI / 180)) / Math.PI) / 2) * n;
  const lonOf = (x) => (x / n) * 360 - 180;
  const latOf = (y) => Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))) * 180 / Math.PI;
  const out = [];
  for (let x = Math.floor(tx(Math.min(...lons))) - 1; x <= Math.floor(tx(Math.max(...lons))) + 1; x++) {
    for (let y = Math.floor(ty(Math.max(...lats))) - 1; y <= Math.floor(ty(Math.min(...lats))) + 1; y++) {
      const x0 = g.pad + (lonOf(x) * Math.cos(g.mid) - g.minX) * g.scale;
      const x1 = g.pad + (lonOf(x + 1) * Math.cos(g.mid) - g.minX) * g.scale;
      const y0 = g.pad + (-latOf(y) - g.minY) * g.scale;
      const y1 = g.pad + (-latOf(y + 1) - g.minY) * g.scale;
      const href = template.replace('{z}', z).replace('{x}', x).replace('{y}', y);
      out.push(svg('image', { href, x: x0.toFixed(1), y: y0.toFixed(1), width: (x1 - x0).toFixed(1),
        height: (y1 - y0).toFixed(1), preserveAspectRatio: 'none' }));
    }
  }
  return out;
}
