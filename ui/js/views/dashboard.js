// Home: the to-do queue in numbers, each one click from its list.
import { api } from '../api.js';
import { h, replace, count, localDate } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';

export async function mountDashboard(root) {
  replace(root, pageHeader('Dashboard'), loading('the queue'));
  let data;
  try {
    data = await api.dashboard();
  } catch (error) {
    replace(root, pageHeader('Dashboard'), errorPanel(error));
    return;
  }
  const tile = (id, label, value, href, tone = '') => h('a', { id, href, class: `tile ${tone}`, dataset: { count: String(value) } },
    h('span', { class: 'tile-value' }, count(value)), h('span', { class: 'tile-label' }, label));
  const queue = h('section', { class: 'tiles', 'aria-label': 'Queue' },
    tile('tile-waiting', 'waiting for a match', data.waiting_for_match, '#/requests'),
    tile('tile-matched', 'matched, not yet connected', data.matched_not_connected, '#/requests'),
    tile('tile-overdue', 'overdue first contacts', data.overdue, '#/requests', data.overdue > 0 ? 'alarm' : ''),
    tile('tile-followups-today', 'follow-ups due today', data.follow_ups_due_today, '#/requests'),
    tile('tile-followups-week', 'follow-ups due this week', data.follow_ups_due_this_week, '#/requests'),
    tile('tile-returning', 'supporters back from a pause this week', data.supporters_returning_this_week, '#/supporters'));
  const program = h('section', { class: 'card' },
    h('h2', {}, 'The program'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Active supporters'), h('dd', { id: 'fact-active' }, count(data.supporters_active)),
      h('dt', {}, 'Paused supporters'), h('dd', {}, count(data.supporters_paused)),
      h('dt', {}, 'Open requests'), h('dd', { id: 'fact-open' }, count(data.open_requests)),
      h('dt', {}, 'Outreaches this month'), h('dd', {}, count(data.outreaches_this_month)),
      h('dt', {}, 'Outreaches in all'), h('dd', { id: 'fact-outreaches' }, count(data.outreaches_total)),
      data.follow_ups_overdue ? [h('dt', {}, 'Follow-ups past due'), h('dd', {}, count(data.follow_ups_overdue))] : null));
  const empty = data.supporters_active + data.supporters_paused + data.open_requests + data.outreaches_total === 0
    ? h('section', { class: 'card empty-state' }, h('h2', {}, 'Nothing here yet'),
      h('p', {}, 'The queue fills as requests arrive. Start by adding your peer supporters.'))
    : null;
  replace(root, pageHeader('Dashboard', h('p', { class: 'muted' }, localDate(data.today))), empty, queue, program);
}
