// Settings → Reporting access: a passphrase of their own for staff of the quality or wellness
// office. It opens PeerDesk in reporting mode: Reports and Print only, on a de-identified copy
// of the outreaches. The coordinator issues it, refreshes that copy and revokes it here.
import { api } from '../api.js';
import { h, replace, localDate, ago, count } from '../dom.js';
import { toast } from '../components/toast.js';
import { strengthMeter } from '../components/strength.js';
import { prefixedField, showPrefixedErrors, showPrefixedSaveError } from './outreach-form.js';

const PREFIX = 'reporting-';

/** The card, drawn from reporting_status. A status that cannot be read is said in the card,
 * so that the rest of Settings still opens. */
export async function reportingAccessCard() {
  const title = h('h2', { id: 'reporting-access-title' }, 'Reporting access');
  const explanation = [
    h('p', { class: 'muted' }, 'Staff of the quality or wellness office can unlock PeerDesk with a reporting passphrase of their own. ',
      'They then see only Reports, the de-identified export, the flyer and the committee report — never a name, a note or a contact detail.'),
    h('p', { class: 'muted' }, 'What they see is a de-identified copy of the outreaches, as of its last refresh.'),
  ];
  let status;
  try {
    status = await api.reportingStatus();
  } catch (error) {
    return h('section', { class: 'card', id: 'reporting-access', 'aria-labelledby': title.id }, title, explanation,
      h('p', { class: 'form-error', id: 'reporting-status', role: 'alert' }, `The reporting access could not be read: ${error.message}`));
  }

  const statusArea = h('div', { id: 'reporting-status', 'aria-live': 'polite' });
  const actionError = h('p', { class: 'form-error', id: 'reporting-error', role: 'alert' });

  // Refreshing the copy.
  const refresh = h('button', { type: 'button', class: 'primary', id: 'reporting-refresh', onclick: async () => {
    refresh.disabled = true;
    replace(refresh, 'Refreshing…');
    replace(actionError);
    try {
      const next = await api.refreshReporting();
      show(next);
      toast(`The reporting data was refreshed: ${outreaches(next.outreaches)}.`);
    } catch (error) {
      replace(actionError, error.message);
    } finally {
      refresh.disabled = false;
      replace(refresh, 'Refresh now');
    }
  } }, 'Refresh now');

  // Revoking asks once, as the other actions that cannot be undone do.
  const revoke = h('button', { type: 'button', id: 'reporting-revoke', 'aria-expanded': 'false', 'aria-controls': 'reporting-revoke-panel',
    onclick: () => openRevoke() }, 'Revoke…');
  const revokeConfirm = h('button', { type: 'button', class: 'danger', id: 'reporting-revoke-confirm', onclick: async () => {
    revokeConfirm.disabled = true;
    replace(actionError);
    try {
      const next = await api.revokeReporting();
      show(next);
      toast('The reporting passphrase is revoked: it no longer opens PeerDesk.');
      passphrase.focus();
    } catch (error) {
      replace(actionError, error.message);
    } finally {
      revokeConfirm.disabled = false;
    }
  } }, 'Revoke');
  const revokePanel = h('div', { class: 'inline-panel', id: 'reporting-revoke-panel', hidden: true, role: 'group',
    'aria-labelledby': 'reporting-revoke-question', onkeydown: (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeRevoke();
      }
    } },
  h('p', { id: 'reporting-revoke-question' },
    'Revoke the reporting passphrase? It stops opening PeerDesk at once and the reporting copy of the data is deleted; the office needs a new passphrase to see the reports again.'),
  revokeConfirm,
  h('button', { type: 'button', id: 'reporting-revoke-cancel', onclick: () => closeRevoke() }, 'Keep it'));

  function openRevoke() {
    replace(actionError);
    revokePanel.hidden = false;
    revoke.setAttribute('aria-expanded', 'true');
    revokeConfirm.focus();
  }

  function closeRevoke() {
    revokePanel.hidden = true;
    revoke.setAttribute('aria-expanded', 'false');
    revoke.focus();
  }

  // Issuing (or replacing) the passphrase, with setup's strength meter.
  const strength = strengthMeter(PREFIX);
  const passphrase = h('input', { type: 'password', autocomplete: 'new-password' });
  const confirmation = h('input', { type: 'password', autocomplete: 'new-password' });
  const passField = prefixedField(PREFIX, 'passphrase', 'Reporting passphrase', passphrase,
    'A passphrase of its own, never the recovery one: at least 12 characters and hard to guess. Four or five unrelated words work well.');
  passField.insertBefore(h('div', { class: 'strength' }, strength.elements), passField.querySelector('.hint'));
  passphrase.setAttribute('aria-describedby', `${passphrase.getAttribute('aria-describedby')} ${strength.describedBy}`);
  passphrase.addEventListener('input', () => { strength.assess(passphrase.value).catch(() => {}); });
  const issueHint = h('p', { class: 'hint wide', id: 'reporting-issue-hint' });
  const issueError = h('p', { class: 'form-error', id: 'reporting-issue-error', role: 'alert' });
  const issue = h('button', { type: 'submit', id: 'reporting-issue' });
  const issueForm = h('form', { class: 'form-grid', id: 'reporting-issue-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    issue.disabled = true;
    replace(issue, 'Issuing… (this takes a few seconds)');
    showPrefixedErrors(issueForm, PREFIX, [], issueError);
    try {
      const next = await api.issueReporting(passphrase.value, confirmation.value);
      passphrase.value = '';
      confirmation.value = '';
      strength.reset();
      show(next);
      toast('The reporting passphrase is issued. Give it to the office in person, not by email.');
    } catch (error) {
      showPrefixedSaveError(issueForm, PREFIX, error, issueError);
      // Without a field named by the core, the code still says which field to fix.
      const culprit = { mismatch: confirmation, weak_passphrase: passphrase }[error.code];
      if (!error.fields?.length && culprit) {
        culprit.setAttribute('aria-invalid', 'true');
        culprit.focus();
      }
    } finally {
      issue.disabled = false;
      replace(issue, issueLabel());
    }
  } },
  passField,
  prefixedField(PREFIX, 'confirmation', 'Reporting passphrase again', confirmation),
  issueHint,
  h('div', { class: 'actions wide' }, issue),
  h('div', { class: 'wide' }, issueError));

  function issueLabel() {
    return status.issued ? 'Issue a new reporting passphrase' : 'Issue the reporting passphrase';
  }

  /** Draws what a status answer says; every command here answers with one. */
  function show(next) {
    status = next;
    replace(statusArea, statusLines(next));
    refresh.hidden = !next.issued;
    revoke.hidden = !next.issued;
    revokePanel.hidden = true;
    revoke.setAttribute('aria-expanded', 'false');
    replace(issue, issueLabel());
    replace(issueHint, next.issued
      ? 'A new passphrase replaces the one issued: the old one stops opening PeerDesk.'
      : 'Once issued, both passphrases open PeerDesk: the recovery passphrase everything, the reporting passphrase only the reports.');
  }
  show(status);

  return h('section', { class: 'card', id: 'reporting-access', 'aria-labelledby': title.id },
    title, explanation, statusArea,
    h('div', { class: 'actions' }, refresh, revoke),
    revokePanel, actionError,
    h('h3', {}, 'Issue a passphrase'),
    issueForm);
}

function outreaches(n) {
  return `${count(n ?? 0)} ${n === 1 ? 'outreach' : 'outreaches'}`;
}

/** "A reporting passphrase is issued; the data was refreshed 3 hours ago (date), 1,234 outreaches." */
function statusLines(status) {
  if (!status.issued) {
    return h('p', {}, 'No reporting passphrase is issued: only the recovery passphrase opens PeerDesk.');
  }
  return [
    h('p', {}, h('span', { 'aria-hidden': 'true' }, '✓ '), h('strong', {}, 'A reporting passphrase is issued.'),
      ' It opens PeerDesk in reporting mode.'),
    status.refreshed_at
      ? h('p', {}, `The reporting data was last refreshed ${ago(status.refreshed_at)}`,
        h('span', { class: 'muted' }, ` (${localDate(status.refreshed_at)})`), ` and holds ${outreaches(status.outreaches)}.`)
      : h('p', {}, 'The reporting data has not been refreshed yet.'),
  ];
}
