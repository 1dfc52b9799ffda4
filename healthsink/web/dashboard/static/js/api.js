// Every read goes to the JSON API with the session cookie, in the browser's zone (or the one chosen and
// remembered in localStorage). No secret is ever kept in the browser: the cookie is HttpOnly.
export const TZ = localStorage.getItem('healthsink.tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export class ApiError extends Error {
  constructor(message, status, code) { super(message); this.status = status; this.code = code; }
}

function url(path, params = {}) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  }
  return u;
}

async function answer(r) {
  if (r.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError('the session has ended', 401, 'unauthorized');
  }
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError((body && body.message) || `HTTP ${r.status}`, r.status, body && body.error);
  return body;
}

export async function api(path, params = {}) {
  return answer(await fetch(url(path, params), { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

// A paged list, following next_cursor up to `max` items.
export async function all(path, params = {}, max = 2000) {
  const items = [];
  let cursor;
  do {
    const page = await api(path, { ...params, cursor, limit: Math.min(1000, max) });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

export async function lines(path, params = {}) {
  const r = await fetch(url(path, params), { credentials: 'same-origin' });
  if (!r.ok) return answer(r);
  return (await r.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function patchMe(change, csrf) {
  return answer(await fetch('/api/v1/me', {
    method: 'PATCH', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
    body: JSON.stringify(change),
  }));
}

// Local calendar days in TZ as YYYY-MM-DD strings, which the API reads as local midnight in `tz`.
const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
export const localDay = (d = new Date()) => dayFmt.format(d);
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
export const isDay = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '');

// A file as the request body (POST /api/v1/imports streams it to disk), with the page's CSRF token.
export async function upload(path, file, csrf) {
  return answer(await fetch(path, {
    method: 'POST', credentials: 'same-origin', body: file,
    headers: { 'X-CSRF-Token': csrf, 'Content-Disposition': `attachment; filename="${file.name.replace(/"/g, '')}"`,
      Accept: 'application/json' },
  }));
}

// One metric's series; a metric the user never sent (404 unknown_metric) is an empty series, not an error.
// (Asking the catalog first would spare the 404 but costs a scan of every sample: seconds on a year of data.)
export async function metric(name, params) {
  try {
    return await api(`/api/v1/metrics/${encodeURIComponent(name)}`, params);
  } catch (err) {
    if (err.status === 404 && err.code === 'unknown_metric') return { points: [], units: null };
    throw err;
  }
}
