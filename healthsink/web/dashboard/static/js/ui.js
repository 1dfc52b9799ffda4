// DOM helpers: every string from the database goes in through textContent, never as HTML.
import { TZ } from './api.js';

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// A panel's state is what the tests assert on: ok, empty (with the reason shown) or error.
export function panel(id) {
  const root = document.getElementById(id);
  const body = root.querySelector('.body');
  return {
    root, body,
    ok(...nodes) { body.replaceChildren(...nodes); root.dataset.state = 'ok'; },
    empty(why) { body.replaceChildren(el('p', { class: 'empty', text: why })); root.dataset.state = 'empty'; },
    error(err) {
      body.replaceChildren(el('p', { text: 'Could not load: ' + (err && err.message ? err.message : err) }));
      root.dataset.state = 'error';
      console.warn(id, err);
    },
  };
}

// Runs each panel's loader; the page is ready (data-ready="1") when every one has drawn, emptied or failed.
export async function run(loaders, ...args) {
  const t0 = performance.now();
  await Promise.all(Object.entries(loaders).map(async ([id, load]) => {
    const p = panel(id);
    try { await load(p, ...args); } catch (err) { p.error(err); }
  }));
  document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
  document.body.dataset.ready = '1';
}

export function resetReady() { delete document.body.dataset.ready; }

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const num = (v, digits) => (v === null || v === undefined || Number.isNaN(v) ? '–'
  : digits === 0 ? nf0.format(v) : nf.format(v));

export function hours(h) {
  if (h === null || h === undefined) return '–';
  const m = Math.round(h * 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function duration(s) {
  if (!s && s !== 0) return '–';
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

const dt = new Intl.DateTimeFormat(undefined, { timeZone: TZ, dateStyle: 'medium', timeStyle: 'short' });
const d = new Intl.DateTimeFormat(undefined, { timeZone: TZ, weekday: 'short', day: 'numeric', month: 'short' });
const t = new Intl.DateTimeFormat(undefined, { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
export const dateTime = (s) => (s ? dt.format(new Date(s)) : '–');
export const dayLabel = (s) => (s ? d.format(new Date(s.length === 10 ? s + 'T12:00:00Z' : s)) : '–');
export const clock = (s) => (s ? t.format(new Date(s)) : '–');

export function ago(s) {
  if (!s) return 'never';
  const mins = Math.round((Date.now() - new Date(s).getTime()) / 60000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  if (mins < 48 * 60) return `${Math.round(mins / 60)} h ago`;
  return `${Math.round(mins / 1440)} days ago`;
}

export function table(columns, rows) {
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : null, scope: 'col', text: c.label })))),
    el('tbody', {}, rows.map((r) => el('tr', {}, columns.map((c) => {
      const v = c.value(r);
      return el('td', { class: c.num ? 'num' : null }, v instanceof Node ? v : (v ?? '–'));
    })))));
}

export function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v ?? '–')]));
}

export function select(node, options, value) {
  node.replaceChildren(...options.map(([v, label]) => el('option', { value: v, text: label, selected: v === value })));
}
