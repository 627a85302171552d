// Recording a training session or a "support the supporters" meeting, ticking who came.
import { api } from '../api.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import { toast } from '../components/toast.js';
import { formField, showSaveError } from '../components/form.js';
import { pageHeader, loading, errorPanel } from './common.js';
import * as router from '../router.js';

export async function mountTraining(root) {
  const title = 'Training & meetings';
  replace(root, pageHeader(title), loading('the roster'));
  let roster, sessions;
  try {
    [roster, sessions] = await Promise.all([api.listSupporters(), api.recentSessions()]);
  } catch (error) {
    replace(root, pageHeader(title), errorPanel(error));
    return;
  }
  const people = roster.filter((r) => r.status !== 'retired');
  const kind = (value, label, checked) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: 'kind', value, checked, id: `kind-${value}`, onchange: showKind }), label);
  const heldOn = h('input', { type: 'date', value: todayIso(), max: todayIso() });
  const hours = h('input', { type: 'number', min: 0.5, max: 80, step: 0.5, value: '' });
  const trainer = h('input', { type: 'text', autocomplete: 'off' });
  const topic = h('input', { type: 'text', autocomplete: 'off' });
  const trainingOnly = [formField('hours', 'Hours', hours), formField('trainer', 'Trainer', trainer)];
  const filter = h('input', { type: 'search', class: 'filter', id: 'attendee-filter', placeholder: 'Type to narrow the list…', autocomplete: 'off' });
  const boxes = people.map((p) => h('label', { class: 'inline attendee', dataset: { text: `${p.name} ${p.role} ${p.department ?? ''} ${p.organization}`.toLowerCase() } },
    h('input', { type: 'checkbox', value: String(p.id), class: 'attendee-box' }), p.name,
    h('span', { class: 'muted' }, ` — ${p.role}${p.department ? `, ${p.department}` : ''}`)));
  const ticked = h('p', { class: 'muted', 'aria-live': 'polite' });
  const countTicked = () => { ticked.textContent = `${boxes.filter((b) => b.querySelector('input').checked).length} ticked`; };
  filter.addEventListener('input', () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const box of boxes) box.hidden = !words.every((w) => box.dataset.text.includes(w));
  });
  const general = h('p', { class: 'form-error', role: 'alert' });
  const attendees = h('fieldset', { class: 'attendees', onchange: countTicked }, h('legend', {}, 'Who attended'), boxes);
  const selectedKind = () => root.querySelector('input[name="kind"]:checked')?.value ?? 'training';
  function showKind() {
    for (const field of trainingOnly) field.hidden = selectedKind() !== 'training';
  }
  const form = h('form', { class: 'card', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const input = {
      held_on: heldOn.value, hours: hours.value, trainer: trainer.value, topic: topic.value,
      attendees: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => Number(i.value)),
    };
    try {
      await api.recordSession(selectedKind(), input);
      toast(`${selectedKind() === 'training' ? 'Training' : 'Meeting'} of ${localDate(input.held_on)} recorded for ${input.attendees.length} supporters.`);
      router.go('supporters/training');
    } catch (error) {
      showSaveError(form, error, general);
    }
  } },
  h('fieldset', { class: 'kind' }, h('legend', {}, 'What was it?'), kind('training', 'A training session', true), kind('meeting', 'A support-the-supporters meeting', false)),
  formField('held_on', 'Date', heldOn), ...trainingOnly, formField('topic', 'Topic or title', topic),
  people.length ? [h('label', { for: 'attendee-filter' }, 'Find attendees'), filter, attendees, h('p', { class: 'field-error', id: 'f-attendees-error' }), ticked]
    : h('p', { class: 'empty-state' }, 'There is no one on the roster yet.'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-session' }, 'Record it')), general);
  const list = sessions.length
    ? h('table', {}, h('thead', {}, h('tr', {}, ['Date', 'What', 'Details', 'Attended'].map((t) => h('th', {}, t)))),
      h('tbody', {}, sessions.map((s) => h('tr', {}, h('td', {}, localDate(s.held_on)),
        h('td', {}, s.kind === 'training' ? 'Training' : 'Meeting'),
        h('td', {}, [s.topic, s.hours ? `${s.hours} h` : null, s.trainer ? `with ${s.trainer}` : null].filter(Boolean).join(', ') || '—'),
        h('td', { class: 'num' }, String(s.attendees))))))
    : h('p', { class: 'empty-state' }, 'Nothing recorded yet.');
  replace(root, h('a', { href: '#/supporters', class: 'back' }, '← Roster'), pageHeader(title),
    h('p', { class: 'muted' }, 'A training sets the “trained on” date of attendees who had none. A meeting keeps a supporter off the “meeting overdue” list.'),
    form, h('section', { class: 'card' }, h('h2', {}, 'Recently recorded'), list));
  countTicked();
  heldOn.focus();
}
