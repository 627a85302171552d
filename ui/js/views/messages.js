// The messages a request calls for, filled in from the request and its supporter: read them,
// copy them (the clipboard is cleared a minute later), or open them as a mail draft. Nothing is
// ever sent from PeerDesk itself.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { toast } from '../components/toast.js';

const TITLES = {
  acknowledgement: 'Acknowledgement to the requester',
  introduction: 'Introduction to the supporter',
  follow_up: 'Follow-up check-in',
  meeting_reminder: 'Meeting reminder',
};

/** Which messages fit a request: the acknowledgement always; the others once a supporter is matched. */
function kindsFor(supporterId, status) {
  if (!supporterId) return ['acknowledgement'];
  if (status === 'matched') return ['introduction', 'acknowledgement', 'follow_up'];
  if (status === 'connected' || status === 'follow-up') return ['follow_up', 'introduction', 'acknowledgement'];
  return ['acknowledgement', 'introduction', 'follow_up'];
}

/**
 * The Messages panel of request `requestId` (and its supporter, when one is matched). Returns
 * an element at once; each message fills in as it is rendered.
 */
export function messagesPanel(requestId, supporterId = null, { status = null } = {}) {
  const kinds = kindsFor(supporterId, status);
  return h('div', { class: 'messages' },
    h('p', { class: 'hint' }, 'Filled in from this request. Read before sending; edit the wording in Settings → Message templates.'),
    kinds.map((kind) => messagePanel(kind, requestId, supporterId)));
}

/** The messages for a supporter alone: the meeting reminder (supporter page). */
export function supporterMessages(supporterId) {
  return h('div', { class: 'messages' },
    h('p', { class: 'hint' }, 'Filled in from this supporter. Read before sending; edit the wording in Settings → Message templates.'),
    messagePanel('meeting_reminder', null, supporterId));
}

function messagePanel(kind, requestId, supporterId) {
  const titleId = `message-${kind}-title`;
  const body = h('div', { class: 'message-content' }, h('p', { class: 'muted', role: 'status' }, 'Filling in the message…'));
  const panel = h('section', { class: 'message-panel', id: `message-${kind}`, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, TITLES[kind] ?? kind), body);
  load();
  return panel;

  async function load() {
    let rendered;
    try {
      rendered = await api.renderTemplate(kind, { requestId, supporterId: supporterId ?? null });
    } catch (error) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `This message could not be filled in: ${error.message}`));
      return;
    }
    const text = `${rendered.subject}\n\n${rendered.body}`;
    const copy = h('button', { type: 'button', id: `copy-${kind}`, onclick: async () => {
      try {
        await api.copyText(text);
        toast('Copied — the clipboard is cleared in 60 seconds');
      } catch (error) {
        toast(error.message, { kind: 'error' });
      }
    } }, 'Copy');
    const mail = h('button', { type: 'button', id: `mail-${kind}`, onclick: async () => {
      try {
        await api.openMailDraft(rendered.mailto);
      } catch (error) {
        toast(error.message, { kind: 'error' });
      }
    } }, 'Open mail draft');
    replace(body,
      rendered.missing.length
        ? h('p', { class: 'callout warning-callout', id: `message-${kind}-missing` },
          h('span', { class: 'warning-word' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), 'Fill in before sending: '),
          rendered.missing.join(', '))
        : null,
      h('p', { class: 'message-to' }, h('span', { class: 'muted' }, 'To: '), rendered.to ?? h('span', { class: 'muted' }, 'no address on file — add it in the draft')),
      h('div', { class: 'message-box', id: `message-${kind}-text`, tabindex: '0', role: 'document', 'aria-label': `${TITLES[kind] ?? kind}, read only` },
        h('p', { class: 'message-subject' }, h('span', { class: 'muted' }, 'Subject: '), rendered.subject),
        h('div', { class: 'message-body' }, rendered.body)),
      h('div', { class: 'actions' }, copy, mail));
  }
}
