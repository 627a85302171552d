// A request's referrals to further help (EAP, chaplaincy, psychiatry, occupational health, or
// any service the program names): the list with each outcome, a form to refer, and the
// outcome set in one click. One still waiting a week after it was made says so here and on
// the dashboard.
import { api } from '../api.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import { toast } from '../components/toast.js';

const OUTCOMES = [
  ['connected', 'Connected'],
  ['declined', 'Declined'],
  ['not-reached', 'Not reached'],
];
const WORDS = { referred: 'Referred, outcome not known yet', connected: 'Connected', declined: 'Declined', 'not-reached': 'Not reached' };

/** The Referrals card of request `id`; `open` is whether the request still takes new ones. */
export function referralsPanel(id, { open }) {
  const body = h('div', { id: 'request-referrals' }, h('p', { class: 'muted' }, 'Loading the referrals…'));
  const load = async () => {
    let data;
    try {
      data = await api.requestReferrals(id);
    } catch (error) {
      replace(body, h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    replace(body, list(data.referrals, load), open ? form(id, data.services, load) : null);
  };
  load();
  return h('section', { class: 'card', 'aria-labelledby': 'referrals-title' },
    h('h2', { id: 'referrals-title' }, 'Referrals to further help'), body);
}

function list(referrals, reload) {
  if (!referrals.length) return h('p', { class: 'empty-state' }, 'No referral yet. Refer the person below when they need more than peer support.');
  return h('ul', { class: 'plain compact referrals' }, referrals.map((r) => h('li', { dataset: { referral: r.id } },
    h('strong', {}, r.service), ` — referred ${localDate(r.referred_on)}: `,
    h('span', { class: `referral-outcome outcome-${r.outcome}` }, WORDS[r.outcome] ?? r.outcome),
    r.outcome_on ? h('span', { class: 'muted' }, ` (${localDate(r.outcome_on)})`) : null,
    r.due_for_check ? h('span', { class: 'due due-late' }, h('span', { 'aria-hidden': 'true' }, ' ⚠ '), 'a week on: check how it went') : null,
    h('span', { class: 'referral-actions', role: 'group', 'aria-label': `Outcome of the referral to ${r.service}` },
      OUTCOMES.filter(([code]) => code !== r.outcome).map(([code, label]) => h('button', {
        type: 'button', class: 'small', dataset: { outcome: code },
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await api.setReferralOutcome(r.id, code);
            toast(`Referral to ${r.service}: ${label.toLowerCase()}.`);
            await reload();
          } catch (error) {
            toast(error.message, { kind: 'error' });
            event.currentTarget.disabled = false;
          }
        },
      }, label))))));
}

function form(id, services, reload) {
  const listId = 'referral-services';
  const service = h('input', { id: 'referral-service', name: 'service', list: listId, autocomplete: 'off', maxlength: '80',
    required: true, placeholder: services[0] ?? '', 'aria-describedby': 'referral-service-hint' });
  const day = h('input', { id: 'referral-date', name: 'referred_on', type: 'date', max: todayIso(), value: todayIso() });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'refer' }, 'Refer');
  return h('form', { class: 'inline-form', id: 'referral-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      problem.hidden = true;
      submit.disabled = true;
      try {
        await api.referRequest(id, { service: service.value, referred_on: day.value });
        toast(`Referred to ${service.value.trim()}. Its outcome can be set here when you know it.`);
        await reload();
      } catch (error) {
        replace(problem, error.message);
        problem.hidden = false;
        service.focus();
      } finally {
        submit.disabled = false;
      }
    } },
  h('datalist', { id: listId }, services.map((s) => h('option', { value: s }))),
  h('label', { for: 'referral-service' }, 'Service'), service,
  h('label', { for: 'referral-date' }, 'On'), day, submit,
  h('p', { class: 'hint', id: 'referral-service-hint' }, 'The name of a service, never of a person: it is counted in the reports.'),
  problem);
}
