// The header every page shares: navigation, who is logged in, the zone in use, and a logout form whose
// CSRF token comes from /dashboard/session.
import { api, TZ } from './api.js';
import { el } from './ui.js';

const NAV = [['/', 'Today'], ['/trends', 'Trends'], ['/sleep', 'Sleep'], ['/heart', 'Heart'],
  ['/workouts', 'Workouts'], ['/journal', 'Journal'], ['/data', 'Data']];

export async function layout() {
  const [session, me] = await Promise.all([api('/dashboard/session'), api('/api/v1/me').catch(() => null)]);
  const here = location.pathname.startsWith('/workouts') ? '/workouts' : location.pathname;
  const top = document.getElementById('top');
  top.replaceChildren(
    el('a', { class: 'brand', href: '/', text: 'healthsink' }),
    el('nav', { 'aria-label': 'Pages' }, el('ul', {}, NAV.map(([href, label]) =>
      el('li', {}, el('a', { href, text: label, 'aria-current': href === here ? 'page' : null }))))),
    el('div', { class: 'who' },
      el('span', { text: me ? me.email : '' }),
      el('span', { title: 'time zone used for days', text: TZ }),
      el('form', { method: 'post', action: '/logout' },
        el('input', { type: 'hidden', name: 'csrf', value: session.csrf }),
        el('button', { type: 'submit', text: 'Log out' }))),
  );
  const goals = { steps: 10000, active_energy: 500, exercise: 30, stand: 12, ...((me && me.goals) || {}) };
  return { session, me, goals, units: (me && me.units) || 'metric' };
}
