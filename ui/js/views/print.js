// Print: a partner's co-branded flyer, a department's break-room sign, or the committee
// report, previewed from the very layout the core turns into the PDF (print/mod.rs) and saved
// as a PDF where the coordinator chooses. The flyer's headline and body are kept per partner.
// In reporting mode (the quality office's passphrase) there is no sign: it names supporters.
//
// This module lays the screen out and wires it: what to print, the paper, the program
// details. Each printed item's options are in print/ (flyer.js with flyer-wording.js,
// sign.js, committee-report.js), as are the preview (preview.js) and the save card (save.js).
import { api } from '../api.js';
import { isReporting } from '../access.js';
import { h, replace } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';
import { field, onChange } from './print/common.js';
import { flyerItem } from './print/flyer.js';
import { signItem } from './print/sign.js';
import { reportItem } from './print/committee-report.js';
import { previewCard } from './print/preview.js';
import { saveCard } from './print/save.js';

const DOCUMENTS = [
  { value: 'flyer', label: 'Flyer', hint: 'A one-page flyer co-branded with a partner organization, with a QR code to the request form.' },
  { value: 'sign', label: 'Sign', hint: 'A break-room sign naming a department’s peer supporters, in large type.' },
  { value: 'report', label: 'Committee report', hint: 'The Reports tables and charts for a period, with a title page, for the committee.' },
  { value: 'outreach-template', label: 'Outreach template',
    hint: 'The blank outreach template for supporters who note a contact on paper: the program’s lists as tick boxes.' },
];
const PAPERS = [['letter', 'US Letter (8.5 × 11 in)'], ['a4', 'A4 (210 × 297 mm)']];
const PAPER_NAMES = { letter: 'US Letter', a4: 'A4' };

/** `#/print/sign/<department>[/<organization id>]` opens on that sign (a reprint offered on a
 * supporter's page). */
export async function mountPrint(root, params = []) {
  let alive = true;
  const reporting = isReporting();
  // Reporting staff print neither the sign (it names supporters) nor the template (the
  // coordinator's lists).
  const documents = reporting ? DOCUMENTS.filter((d) => d.value !== 'sign' && d.value !== 'outreach-template') : DOCUMENTS;
  const placeholder = loading('the print options');
  replace(root, pageHeader('Print'), placeholder);
  // The departments and the printed signs serve the sign alone, and reporting mode may not
  // read them.
  const [organizationsResult, departmentsResult, programResult, signsResult] = await Promise.allSettled([
    api.listOrganizations(), reporting ? Promise.resolve([]) : api.listEntries('departments'), api.programSettings(),
    reporting ? Promise.resolve([]) : api.printedSigns(),
  ]);
  // Another screen was chosen while this one was loading.
  if (!placeholder.isConnected) return undefined;
  if (organizationsResult.status === 'rejected') {
    replace(root, pageHeader('Print'), errorPanel(organizationsResult.reason));
    return undefined;
  }
  const organizations = organizationsResult.value;
  const program = programResult.status === 'fulfilled' ? programResult.value : null;

  const presetSign = !reporting && params[0] === 'sign'
    ? { department: params[1] ?? '', organizationId: params[2] ?? '' } : null;
  let documentKind = presetSign ? 'sign' : 'flyer';
  const toReprint = signsResult.status === 'fulfilled' ? signsResult.value.filter((s) => s.reprint) : [];

  // ---- What to print -------------------------------------------------------------------
  const documentHint = h('p', { class: 'hint', id: 'print-document-hint' });
  const documentChooser = h('fieldset', { class: 'segmented', id: 'print-document', 'aria-describedby': documentHint.id },
    h('legend', {}, 'Document'),
    h('div', { class: 'segmented-options' }, documents.map(({ value, label }) => h('label', { class: 'segment', for: `print-document-${value}` },
      h('input', { type: 'radio', class: 'segment-input', name: 'print-document', id: `print-document-${value}`, value,
        checked: value === documentKind }),
      h('span', { class: 'segment-label' }, label)))),
    documentHint);

  const paper = h('select', { id: 'print-paper', name: 'paper' },
    PAPERS.map(([value, label]) => h('option', { value, selected: value === 'letter' }, label)));
  // An office printer by default: everything inside a margin it can print. A print shop
  // trims larger sheets: colour runs past the edge and crop marks show where to cut.
  const printShop = h('input', { type: 'checkbox', id: 'print-shop', name: 'print_shop', 'aria-describedby': 'print-shop-hint' });
  const finishField = h('div', { class: 'field print-finish' },
    h('label', { for: printShop.id }, printShop, 'For a print shop'),
    h('p', { class: 'hint', id: 'print-shop-hint' },
      'Colour runs 3 mm past the page’s edge and crop marks show where to cut. Leave it off for an office printer: everything then stays clear of the edge it cannot print.'));

  // The items draw the preview again and follow the file name as their choices change; the
  // preview and the save card are made below, once the items they ask are there.
  const hooks = {
    alive: () => alive,
    refresh: (options) => preview.refresh(options),
    schedule: () => preview.schedule(),
    syncPath: () => save.syncPath(),
  };
  // The sign is made in reporting mode too, but never shown.
  const items = {
    flyer: flyerItem({ organizations, reporting, ...hooks }),
    sign: signItem({ organizations, departmentsResult, preset: presetSign, toReprint, ...hooks }),
    report: reportItem({ program, ...hooks }),
    'outreach-template': {
      section: h('div', { class: 'print-options', id: 'print-outreach-template-options', hidden: true },
        h('p', { class: 'callout print-note' },
          'The template’s questions with today’s lists (Settings → Lists and Outreach choices) as tick boxes, and no place for a name. ',
          'Supporters’ reports typed into the web form come in through Outreach → Import supporters’ reports.')),
      request: () => ({}),
      fileName: (paperName) => `outreach-template-${paperName}.pdf`,
      unmark() {},
      failed() {},
    },
  };

  const controls = h('form', { class: 'card print-controls', id: 'print-form', 'aria-label': 'What to print', novalidate: true,
    onsubmit: (event) => event.preventDefault() },
  documentChooser,
  field(paper, 'Paper'),
  finishField,
  items.flyer.section, reporting ? null : items.sign.section, items.report.section,
  reporting ? null : items['outreach-template'].section);

  const request = () => ({ document: documentKind, paper: paper.value, finish: printShop.checked ? 'print_shop' : 'office',
    ...items[documentKind].request() });
  /** The item's file name, marked when it is the print shop's. */
  const suggested = () => {
    const name = items[documentKind].fileName(paper.value);
    return printShop.checked ? name.replace(/\.pdf$/, '-print-shop.pdf') : name;
  };
  const preview = previewCard({
    items, kind: () => documentKind, request, paperName: () => PAPER_NAMES[paper.value] ?? paper.value, alive: hooks.alive,
  });
  const save = saveCard({ request, suggested, alive: hooks.alive });

  const layout = h('div', { class: 'print-layout' },
    h('div', { class: 'print-side' }, controls, save.card, programCard(program, programResult, reporting)),
    preview.card);
  replace(root, pageHeader('Print'),
    h('p', { class: 'muted intro' }, reporting
      ? 'Flyers for partner organizations and the committee report, laid out by PeerDesk and saved as PDF files to print or send.'
      : 'Flyers for partner organizations, break-room signs and the committee report, laid out by PeerDesk and saved as PDF files to print or send.'),
    layout);

  // ---- Wiring -------------------------------------------------------------------------------
  function showDocument() {
    const chosen = DOCUMENTS.find((d) => d.value === documentKind);
    for (const [kind, item] of Object.entries(items)) item.section.hidden = kind !== documentKind;
    replace(documentHint, chosen.hint);
  }

  documentChooser.addEventListener('change', (event) => {
    if (event.target?.name !== 'print-document') return;
    documentKind = event.target.value;
    showDocument();
    save.documentChanged();
    preview.refresh({ clear: true });
  });
  onChange([paper, printShop], save.syncPath, () => preview.refresh());

  showDocument();
  preview.refresh({ clear: true });

  return () => {
    alive = false;
    preview.stop();
  };
}

/** Where the program details printed on the documents come from. */
function programCard(program, result, reporting) {
  const section = h('section', { class: 'print-program', id: 'print-program', 'aria-labelledby': 'print-program-title' },
    h('h2', { class: 'print-program-title', id: 'print-program-title' }, 'Program details on these documents'));
  if (!program) {
    section.appendChild(h('p', { class: 'form-error', role: 'alert' },
      `The program settings could not be read: ${result.reason?.message ?? 'unknown problem'}`));
  } else {
    const value = (text, id, empty) => h('dd', { id }, text ? text : h('span', { class: 'not-set' }, empty));
    section.appendChild(h('dl', { class: 'facts print-program-facts' },
      h('dt', {}, 'Program name'), value(program.program_name, 'print-program-name', 'not set (printed as the host organization’s name and “Peer Support”)'),
      h('dt', {}, 'Phone'), value(program.program_phone, 'print-program-phone', 'not set'),
      h('dt', {}, 'Email'), value(program.program_email, 'print-program-email', 'not set'),
      h('dt', {}, 'Request form'), value(program.request_form_url, 'print-program-url', 'not set')));
    if (!program.request_form_url) {
      section.appendChild(h('p', { class: 'print-warning', id: 'print-qr-warning', role: 'note' },
        h('span', { 'aria-hidden': 'true' }, '⚠ '),
        'The flyer has no QR code until the request form’s address is set.'));
    }
  }
  section.appendChild(h('p', { class: 'print-program-link' }, reporting
    ? 'The coordinator changes them in Settings (Program).'
    : [h('a', { href: '#/settings', id: 'print-settings-link' }, 'Change them in Settings'), ' (Program).']));
  return section;
}
