// Settings: organizations, the program (matching, timing, contact details), the program's
// lists, the outreach choices, the message templates (#/settings/templates), backups, the
// lock and the keys (#/settings/backups), the reporting passphrase, the audit log
// (#/settings/audit), the store (where, how unlocked, what it holds) and the look.
import { api } from '../api.js';
import { h, replace, count } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';
import { themeChoice, chooseTheme } from '../theme.js';
import { organizationsCard } from './organizations.js';
import { picklistsCard } from './picklists.js';
import { programSettingsCard, outreachChoicesCard } from './program-settings.js';
import { mountTemplates } from './templates.js';
import { safetyCards } from './safety.js';
import { reportingAccessCard } from './reporting-access.js';
import { mountAudit } from './audit.js';

/** A card that only links to the template editor (a screen of its own: it is long). */
function templatesCard() {
  return h('section', { class: 'card', id: 'message-templates' }, h('h2', {}, 'Message templates'),
    h('p', { class: 'muted' }, 'The acknowledgement, the introduction, the follow-up check-in and the meeting reminder: their subject and text, with placeholders filled from the request and its supporter.'),
    h('a', { href: '#/settings/templates', id: 'settings-templates-link', class: 'button-link' }, 'Edit the message templates'));
}

/** A card that only links to the audit log (a screen of its own: it can be long). */
function auditCard() {
  return h('section', { class: 'card', id: 'settings-audit' }, h('h2', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Who did what and when — unlocks, backups, imports, exports, changes to the roster — never a name or what a document held. Each entry is chained to the one before, so that a changed or removed entry shows.'),
    h('a', { href: '#/settings/audit', id: 'settings-audit-link', class: 'button-link' }, 'Open the audit log'));
}

export async function mountSettings(root, params = []) {
  if (params[0] === 'templates') return mountTemplates(root);
  if (params[0] === 'audit') return mountAudit(root);
  replace(root, pageHeader('Settings'), loading('the store’s details'));
  let status, organizations, lists, program, choices, safety, reporting;
  try {
    [status, organizations, lists, program, choices, safety, reporting] = await Promise.all([api.storeStatus(), organizationsCard(),
      picklistsCard(), programSettingsCard(), outreachChoicesCard(), safetyCards(), reportingAccessCard()]);
  } catch (error) {
    replace(root, pageHeader('Settings'), errorPanel(error));
    return undefined;
  }
  const current = themeChoice();
  const themeSelect = h('select', { id: 'theme', onchange: () => chooseTheme(themeSelect.value) },
    ['system', 'light', 'dark'].map((value) => h('option', { value, selected: value === current },
      value === 'system' ? 'Follow the system' : value === 'light' ? 'Light' : 'Dark')));

  replace(root, pageHeader('Settings'),
    organizations,
    program,
    lists,
    choices,
    templatesCard(),
    safety,
    reporting,
    auditCard(),
    h('section', { class: 'card' }, h('h2', {}, 'Encrypted store'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Database'), h('dd', { id: 'status-database' }, status.database),
        h('dt', {}, 'Key file'), h('dd', {}, status.key_file),
        h('dt', {}, 'Unlocked with'), h('dd', { id: 'status-unlocked' }, status.unlocked_by),
        h('dt', {}, 'Schema version'), h('dd', {}, String(status.schema_version)),
        h('dt', {}, 'SQLCipher'), h('dd', {}, status.sqlcipher_version)),
      h('h3', {}, 'What it holds'),
      h('dl', { class: 'facts' }, status.counts.map((c) => [h('dt', {}, c.table.replace(/_/g, ' ')), h('dd', {}, count(c.rows))]))),
    h('section', { class: 'card' }, h('h2', {}, 'Appearance'),
      h('label', { for: 'theme' }, 'Theme'), themeSelect));
  // #/settings/backups (from the dashboard's warning) opens on the backups card.
  if (params[0] === 'backups') root.querySelector('#settings-backups')?.scrollIntoView();
  return undefined;
}
