// Finding a supporter for a request: everyone who may take it, ranked, each score broken down
// into its reasons. The coordinator chooses and confirms; PeerDesk never assigns alone. When
// no one qualifies, the nearest rule to set aside is offered, knowingly, for this request only.
import { api } from '../api.js';
import { h, replace, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { pageHeader, loading, errorPanel, statusBadge, distinct } from './common.js';

/** What setting a rule aside means, in words. */
const RELAXED = {
  'case-limit': 'the open-case limit (supporters already at their limit are offered)',
  'training-due': 'the refresher rule (supporters due for a training or meeting are offered)',
  'own-organization': 'the network rule (supporters at the requester’s own organization are offered)',
  'other-organization': 'the in-house rule (supporters at other organizations are offered)',
  'own-department': 'the department rule (supporters in the requester’s own department are offered)',
};

const MODES = {
  network: 'network — supporters come from another organization than the requester’s',
  'in-house': 'in-house — supporters come from the requester’s organization, never their department',
};

let mounts = 0;

export async function mountMatch(root, id) {
  const ticket = ++mounts;
  const hash = location.hash;
  const stale = () => ticket !== mounts || location.hash !== hash;
  const title = `Find a supporter for request #${id}`;
  const back = h('a', { href: `#/requests/${id}`, class: 'back' }, `← Request #${id}`);
  replace(root, back, pageHeader(title), loading('the candidates'));
  let detail, modes;
  try {
    [detail, modes] = await Promise.all([api.requestDetail(id), api.listChoices('modes').catch(() => [])]);
  } catch (error) {
    if (!stale()) replace(root, back, pageHeader(title), errorPanel(error));
    return;
  }
  if (stale()) return;
  if (detail.status !== 'new') {
    replace(root, back, pageHeader(title, statusBadge(detail.status)),
      h('section', { class: 'card', id: 'match-not-new' },
        h('p', {}, `Request #${id} is ${detail.status}${detail.supporter ? ` (with ${detail.supporter})` : ''}, so it is not waiting for a match.`),
        detail.status === 'matched' || detail.status === 'connected'
          ? h('p', { class: 'muted' }, 'To match it with someone else, release its supporter on the request’s page first.') : null,
        h('a', { href: `#/requests/${id}`, class: 'button-link primary', id: 'back-to-request' }, `Back to request #${id}`)));
    root.querySelector('#back-to-request').focus();
    return;
  }

  const mode = detail.preferred_mode ? modes.find((m) => m.code === detail.preferred_mode)?.label ?? detail.preferred_mode : null;
  const summary = distinct([detail.role ?? 'role not recorded', detail.department, detail.organization,
    detail.language ? `speaks ${detail.language}` : null, mode ? `prefers ${mode.toLowerCase()}` : null]).join(' · ');
  const body = h('div', { id: 'match-body', 'aria-live': 'polite' });
  replace(root, back, pageHeader(title, statusBadge('new')),
    h('p', { class: 'match-summary', id: 'match-summary' }, h('span', { class: 'muted' }, 'Requester: '), summary,
      detail.days_late ? [' · ', h('span', { class: 'due due-late' }, h('span', { 'aria-hidden': 'true' }, '⚠ '),
        `first contact ${detail.days_late} ${detail.days_late === 1 ? 'day' : 'days'} late`)] : null),
    body);

  let relax = null;
  let confirmPanel = null;
  let cancelled = false;
  await rank(null);
  return () => { cancelled = true; };

  async function rank(rule) {
    relax = rule;
    replace(body, loading('the candidates'));
    let ranking;
    try {
      ranking = await api.rankRequest(id, rule);
    } catch (error) {
      if (!cancelled && !stale()) replace(body, errorPanel(error));
      return;
    }
    if (cancelled || stale()) return;
    draw(ranking);
  }

  function draw(ranking) {
    confirmPanel = null;
    const banner = ranking.relaxed
      ? h('div', { class: 'callout relaxed-banner', id: 'relaxed-banner', role: 'status' },
        h('p', {}, h('strong', {}, h('span', { 'aria-hidden': 'true' }, '⚠ '), 'A rule is set aside for this request: '),
          RELAXED[ranking.relaxed] ?? ranking.relaxed, '. The match’s history will say so.'),
        h('button', { type: 'button', id: 'relax-clear', onclick: () => rank(null) }, 'Put the rule back'))
      : null;
    // Who rests is named, with the day the rest ends, in the workstation's dates.
    const exclusion = (e) => (e.who.length
      ? `${e.count} resting (${e.who.map((w) => (w.until ? `${w.name} until ${localDate(w.until)}` : w.name)).join('; ')})`
      : e.sentence);
    const excluded = ranking.excluded.length
      ? h('p', { class: 'muted', id: 'match-excluded' }, 'Not eligible: ', ranking.excluded.map(exclusion).join('; '), '.')
      : null;
    const modeLine = h('p', { class: 'hint' }, `Matching mode: ${MODES[ranking.mode] ?? ranking.mode}.`);

    if (ranking.candidates.length === 0) {
      const offers = ranking.relaxations.map((r) => h('li', {},
        h('button', { type: 'button', id: `relax-${r.rule}`, onclick: () => rank(r.rule) }, `Consider ${r.sentence}`)));
      replace(body, banner,
        h('section', { class: 'card', id: 'no-candidates' },
          h('h2', {}, 'No one qualifies'),
          h('p', {}, ranking.relaxed
            ? 'Even with that rule set aside, no supporter may take this request.'
            : 'No supporter may take this request under the program’s rules.'),
          excluded,
          offers.length
            ? [h('p', {}, 'You may set one rule aside for this request only. Choose it knowingly:'), h('ul', { class: 'plain relaxations' }, offers)]
            : h('p', { class: 'muted' }, 'Setting one rule aside would not help either. Add or train supporters, or bring a paused one back, then try again.'),
          h('p', {}, h('a', { href: '#/supporters' }, 'Open the roster'))),
        modeLine);
      body.querySelector('#no-candidates button')?.focus();
      return;
    }

    const items = ranking.candidates.map((c, index) => candidateItem(c, index + 1));
    const list = h('ol', { class: 'candidates', id: 'candidates', 'aria-label': 'Candidates, best first. Arrow keys move, Enter chooses.' }, items);
    list.addEventListener('keydown', (event) => {
      const item = event.target.closest('li.candidate');
      if (!item) return;
      const all = [...list.children].filter((child) => child.classList.contains('candidate'));
      const at = all.indexOf(item);
      let next = null;
      if (event.key === 'ArrowDown') next = all[at + 1];
      else if (event.key === 'ArrowUp') next = all[at - 1];
      else if (event.key === 'Home') next = all[0];
      else if (event.key === 'End') next = all[all.length - 1];
      else if (event.key === 'Enter' && event.target === item) {
        event.preventDefault();
        item.querySelector('button.choose').click();
        return;
      }
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
    replace(body, banner,
      h('p', {}, `${ranking.candidates.length} ${ranking.candidates.length === 1 ? 'supporter may' : 'supporters may'} take this request, best first. `,
        h('span', { class: 'muted' }, 'Choose one, then confirm.')),
      list, excluded, modeLine);
    items[0].focus();

    function candidateItem(c, position) {
      const nameId = `candidate-${c.supporter_id}-name`;
      const item = h('li', { class: 'candidate', id: `candidate-${c.supporter_id}`, tabindex: '0', 'aria-labelledby': nameId,
        dataset: { supporterId: String(c.supporter_id) } },
      h('div', { class: 'candidate-head' },
        h('span', { class: 'rank' }, h('span', { class: 'visually-hidden' }, 'Rank '), String(position)),
        h('div', { class: 'candidate-who' },
          h('a', { href: `#/supporters/${c.supporter_id}`, id: nameId, class: 'candidate-name', tabindex: '-1' }, c.name),
          h('span', { class: 'muted' }, distinct([c.role, c.department, c.organization]).join(' · '))),
        h('span', { class: 'score', title: 'The sum of the points below' }, h('span', { class: 'muted' }, 'score '), String(c.score)),
        h('button', { type: 'button', class: 'choose', id: `choose-${c.supporter_id}`, tabindex: '-1',
          onclick: () => askToConfirm(c, item) }, 'Choose')),
      scoreParts(c),
      h('p', { class: 'candidate-load muted' },
        `Open cases: ${c.open_cases} of ${c.max_open_cases}`, ' · ',
        c.last_assigned ? `last assigned ${localDate(c.last_assigned)}` : 'never assigned yet', ' · ',
        `${c.contacts_30} ${c.contacts_30 === 1 ? 'contact' : 'contacts'} in 30 days`,
        c.load_warning ? [' ', h('span', { class: 'badge badge-overdue' }, h('span', { 'aria-hidden': 'true' }, '!'), ' heavy load')] : null,
        c.training_due ? [' ', h('span', { class: 'badge badge-overdue' }, h('span', { 'aria-hidden': 'true' }, '!'), ' training due')] : null),
      tieNote(c));
      return item;
    }
  }

  /** The tie-break's word, when the load put this candidate above an equal score. */
  function tieNote(c) {
    const note = c.parts.find((p) => p.points === 0 && p.reason.startsWith('placed above'));
    return note ? h('p', { class: 'candidate-tie muted' }, h('span', { 'aria-hidden': 'true' }, '↑ '),
      note.reason.charAt(0).toUpperCase() + note.reason.slice(1), '.') : null;
  }

  /** Each reason once: the parts that moved the score, as chips with their points. A part
   * worth nothing adds nothing to read (the open cases are on the line below); when no part
   * counted, the core's sentence says why the supporter is offered at all. */
  function scoreParts(c) {
    const counted = c.parts.filter((p) => p.points !== 0);
    if (counted.length === 0) return h('p', { class: 'reasons' }, c.reasons);
    return h('ul', { class: 'score-parts', 'aria-label': 'Why this score' }, counted.map((p) => h('li', { class: p.points > 0 ? 'plus' : 'minus' },
      h('span', { class: 'points' }, p.points > 0 ? `+${p.points}` : `−${-p.points}`), ' ', p.reason)));
  }

  function askToConfirm(candidate, item) {
    confirmPanel?.remove();
    const error = h('p', { class: 'form-error', role: 'alert', id: 'match-error' });
    const go = h('button', { type: 'button', class: 'primary', id: 'confirm-match' }, 'Confirm match');
    const cancel = h('button', { type: 'button', id: 'cancel-match' }, 'Cancel');
    const panel = h('div', { class: 'inline-panel confirm-match', id: 'match-confirm', role: 'group', 'aria-labelledby': 'match-question' },
      h('p', { id: 'match-question' }, `Match request #${id} with ${candidate.name}?`,
        relax ? h('span', { class: 'muted' }, ` The rule set aside: ${RELAXED[relax] ?? relax}.`) : null),
      go, cancel, error);
    const close = () => {
      panel.remove();
      confirmPanel = null;
      item.focus();
    };
    go.addEventListener('click', async () => {
      go.disabled = true;
      cancel.disabled = true;
      try {
        await api.assignRequest(id, candidate.supporter_id, relax);
        toast(`Matched with ${candidate.name} — the introduction is ready`);
        router.go(`requests/${id}`);
      } catch (failure) {
        replace(error, failure.message);
        go.disabled = false;
        cancel.disabled = false;
      }
    });
    cancel.addEventListener('click', close);
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
      event.stopPropagation();
    });
    item.append(panel);
    confirmPanel = panel;
    go.focus();
  }
}
