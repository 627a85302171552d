// Settings → Message templates (#/settings/templates): the texts a coordinator sends again and
// again. Each has a subject and a body with {{placeholders}}; the preview fills them from a
// request chosen below, as you type. A placeholder the program does not know is refused when
// saving (nothing is saved) and shown in the preview at once.
import { api } from '../api.js';
import { now } from '../clock.js';
import { h, replace, localDate } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';
import { prefixedField, showPrefixedErrors, showPrefixedSaveError } from './outreach-form.js';

const DEBOUNCE_MS = 300;

export async function mountTemplates(root) {
  const back = () => h('a', { href: '#/settings', class: 'back' }, '← Settings');
  const title = 'Message templates';
  replace(root, back(), pageHeader(title), loading('the templates'));
  let templates, placeholders, requests, supporters;
  try {
    [templates, placeholders, requests, supporters] = await Promise.all([
      api.listTemplates(), api.templatePlaceholders(),
      api.listRequests({ open: true, limit: 50 }).catch(() => []),
      api.listSupporters().catch(() => []),
    ]);
  } catch (error) {
    replace(root, back(), pageHeader(title), errorPanel(error));
    return undefined;
  }

  // What the previews are filled from: none until the coordinator picks a request (its
  // requester's name and contact would show), or a supporter alone (the meeting reminder).
  const requestChoice = h('select', { id: 'template-preview-request' },
    h('option', { value: '' }, requests.length ? '(no request: its placeholders stay marked)' : '(no open request)'),
    requests.map((r) => h('option', { value: String(r.id) },
      `#${r.id} — ${r.status}, ${[r.role, r.department].filter(Boolean).join(', ') || 'no role given'}, received ${localDate(r.received_at)}`)));
  const supporterChoice = h('select', { id: 'template-preview-supporter' },
    h('option', { value: '' }, '(the request’s supporter)'),
    supporters.filter((s) => s.status !== 'retired').map((s) => h('option', { value: String(s.id) }, s.name)));
  const context = () => ({
    requestId: requestChoice.value ? Number(requestChoice.value) : null,
    supporterId: supporterChoice.value ? Number(supporterChoice.value) : null,
  });

  const editors = templates.map((template) => templateEditor(template, placeholders, context));
  const refreshAll = () => editors.forEach((editor) => editor.preview());
  requestChoice.addEventListener('change', refreshAll);
  supporterChoice.addEventListener('change', refreshAll);

  const contextCard = h('section', { class: 'card template-context', 'aria-labelledby': 'template-context-title' },
    h('h2', { id: 'template-context-title' }, 'Preview with'),
    h('p', { class: 'muted' }, 'The previews below fill the placeholders from this request and supporter. Nothing is sent from this screen.'),
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'template-preview-request' }, 'Request (recent open ones)'), requestChoice),
      h('div', { class: 'field' }, h('label', { for: 'template-preview-supporter' }, 'Supporter'), supporterChoice,
        h('p', { class: 'hint' }, 'For the introduction and the meeting reminder; otherwise the request’s own supporter.'))));

  replace(root, back(), pageHeader(title), contextCard, editors.map((editor) => editor.element));
  refreshAll();
  return () => editors.forEach((editor) => editor.stop());
}

function templateEditor(template, placeholders, context) {
  const kind = template.kind;
  const prefix = `template-${kind}-`;
  let saved = { subject: template.subject, body: template.body };
  // The seeded texts carry the epoch: they were never saved by the program.
  let updatedAt = template.updated_at?.startsWith('1970-') ? null : template.updated_at;

  const subject = h('input', { type: 'text', value: template.subject, autocomplete: 'off', maxlength: 200 });
  const body = h('textarea', { rows: 12, class: 'template-body', spellcheck: 'true' }, template.body);
  let target = body;
  subject.addEventListener('focus', () => { target = subject; });
  body.addEventListener('focus', () => { target = body; });

  const status = h('span', { class: 'muted template-status', id: `${prefix}status`, 'aria-live': 'polite' });
  const showStatus = () => {
    const dirty = subject.value !== saved.subject || body.value !== saved.body;
    replace(status, dirty ? 'Unsaved changes.' : updatedAt ? `Saved ${localDate(updatedAt)}.` : 'The text PeerDesk came with.');
    status.classList.toggle('dirty', dirty);
  };

  // The placeholders: a click (or Enter) puts one where the cursor was, in the subject or the body.
  const insert = (name) => {
    const text = `{{${name}}}`;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    target.setRangeText(text, start, end, 'end');
    target.focus();
    target.dispatchEvent(new Event('input'));
  };
  const list = h('ul', { class: 'placeholder-list', 'aria-label': 'Placeholders' }, placeholders.map(([name, about]) =>
    h('li', {}, h('button', { type: 'button', class: 'placeholder', id: `${prefix}ph-${name.replace(/\./g, '-')}`,
      title: `Insert {{${name}}}: ${about}`, 'aria-label': `Insert ${name}: ${about}`,
      onmousedown: (event) => event.preventDefault(), onclick: () => insert(name) }, `{{${name}}}`),
    h('span', { class: 'hint' }, about))));
  const placeholderPanel = h('details', { class: 'placeholders', open: true },
    h('summary', {}, 'Placeholders — click one to insert it at the cursor'), list);

  // The live preview.
  const previewSubject = h('p', { class: 'preview-subject', id: `${prefix}preview-subject` });
  const previewBody = h('div', { class: 'preview-body', id: `${prefix}preview-body` });
  const previewTo = h('p', { class: 'hint', id: `${prefix}preview-to` });
  const missing = h('p', { class: 'warning', id: `${prefix}missing`, role: 'status', hidden: true });
  const previewError = h('p', { class: 'form-error', id: `${prefix}preview-error`, role: 'status' });
  const preview = h('section', { class: 'template-preview', id: `${prefix}preview`, 'aria-label': `Preview of ${template.title}`, 'aria-busy': 'false' },
    h('h3', {}, 'Preview'), previewError, missing, previewTo, previewSubject, previewBody);

  let timer = null;
  let sequence = 0;
  async function render() {
    const mine = ++sequence;
    preview.setAttribute('aria-busy', 'true');
    let rendered;
    try {
      rendered = await api.renderTemplate(kind, { subject: subject.value, body: body.value, ...context() });
    } catch (error) {
      if (mine !== sequence) return;
      preview.setAttribute('aria-busy', 'false');
      preview.classList.add('stale');
      missing.hidden = true;
      const label = { subject: 'Subject', body: 'Text' };
      const own = (error.fields ?? []).filter(({ field }) => field in label);
      const messages = own.length ? own.map(({ field, message }) => `${label[field]}: ${message}.`) : [error.message];
      replace(previewError, 'The preview cannot be shown. ', messages.join(' '));
      return;
    }
    if (mine !== sequence) return;
    preview.setAttribute('aria-busy', 'false');
    preview.classList.remove('stale');
    replace(previewError);
    replace(previewTo, rendered.to ? `To: ${rendered.to}` : 'To: no email address on record — copy the message instead.');
    replace(previewSubject, h('span', { class: 'muted' }, 'Subject: '), rendered.subject);
    replace(previewBody, rendered.body);
    missing.hidden = rendered.missing.length === 0;
    replace(missing, rendered.missing.length
      ? [h('strong', {}, 'Not filled yet: '), rendered.missing.map((m) => `{{${m}}}`).join(', '),
        '. These show as [brackets] and must be filled in before sending.']
      : []);
  }
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(render, DEBOUNCE_MS);
  };
  subject.addEventListener('input', () => { showStatus(); schedule(); });
  body.addEventListener('input', () => { showStatus(); schedule(); });

  const general = h('p', { class: 'form-error', id: `${prefix}error`, role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: `template-save-${kind}`, title: 'Save (Ctrl+Enter)' }, 'Save template');
  const revert = h('button', { type: 'button', id: `${prefix}revert`, onclick: () => {
    subject.value = saved.subject;
    body.value = saved.body;
    showPrefixedErrors(form, prefix, [], general);
    showStatus();
    render();
  } }, 'Undo changes');
  const form = h('form', { class: 'card template-editor', id: `template-${kind}`, novalidate: true, 'aria-labelledby': `${prefix}title`,
    onsubmit: async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      save.disabled = true;
      try {
        await api.saveTemplate(kind, subject.value, body.value);
        showPrefixedErrors(form, prefix, [], general);
        saved = { subject: subject.value.trim(), body: body.value.replace(/\s+$/, '') };
        subject.value = saved.subject;
        body.value = saved.body;
        updatedAt = now().toISOString();
        showStatus();
      } catch (error) {
        showPrefixedSaveError(form, prefix, error, general);
      } finally {
        save.disabled = false;
      }
    },
    onkeydown: (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        save.click();
      }
    } },
  h('h2', { id: `${prefix}title` }, template.title),
  h('div', { class: 'template-columns' },
    h('div', { class: 'template-fields' },
      prefixedField(prefix, 'subject', 'Subject', subject),
      prefixedField(prefix, 'body', 'Text', body, 'Placeholders are written {{like.this}}: the list beside has every one the program knows.'),
      h('div', { class: 'actions' }, save, revert, status),
      general),
    placeholderPanel),
  preview);
  showStatus();

  return { element: form, preview: render, stop: () => clearTimeout(timer) };
}
