// Print: a partner's co-branded flyer, a department's break-room sign, or the committee
// report, previewed from the very layout the core turns into the PDF (pdf/mod.rs) and saved
// as a PDF where the coordinator chooses. The flyer's headline and body are kept per partner.
// In reporting mode (the quality office's passphrase) there is no sign: it names supporters.
import { api } from '../api.js';
import { now as clockNow } from '../clock.js';
import { isReporting } from '../access.js';
import { h, replace, todayIso, count } from '../dom.js';
import { toast } from '../components/toast.js';
import { saveFileFlow } from '../components/save-file.js';
import { pagePreviews } from '../components/page-preview.js';
import { pageHeader, loading, errorPanel } from './common.js';

const DOCUMENTS = [
  { value: 'flyer', label: 'Flyer', hint: 'A one-page flyer co-branded with a partner organization, with a QR code to the request form.' },
  { value: 'sign', label: 'Sign', hint: 'A break-room sign naming a department’s peer supporters, in large type.' },
  { value: 'report', label: 'Committee report', hint: 'The Reports tables and charts for a period, with a title page, for the committee.' },
];
const PAPERS = [['letter', 'US Letter (8.5 × 11 in)'], ['a4', 'A4 (210 × 297 mm)']];
const PAPER_NAMES = { letter: 'US Letter', a4: 'A4' };
/** The limits save_flyer_text enforces (pdf/flyer.rs), shown as counters. */
const HEADLINE_MAX = 90;
const BODY_MAX = 700;
/** How long typing pauses before the preview is drawn again. */
const DEBOUNCE_MS = 300;

export async function mountPrint(root) {
  let alive = true;
  const reporting = isReporting();
  const documents = reporting ? DOCUMENTS.filter((d) => d.value !== 'sign') : DOCUMENTS;
  const placeholder = loading('the print options');
  replace(root, pageHeader('Print'), placeholder);
  // The departments serve the sign alone, and reporting mode may not read them.
  const [organizationsResult, departmentsResult, programResult] = await Promise.allSettled([
    api.listOrganizations(), reporting ? Promise.resolve([]) : api.listEntries('departments'), api.programSettings(),
  ]);
  // Another screen was chosen while this one was loading.
  if (!placeholder.isConnected) return undefined;
  if (organizationsResult.status === 'rejected') {
    replace(root, pageHeader('Print'), errorPanel(organizationsResult.reason));
    return undefined;
  }
  const organizations = organizationsResult.value;
  const departments = departmentsResult.status === 'fulfilled' ? departmentsResult.value.filter((d) => !d.retired) : [];
  const program = programResult.status === 'fulfilled' ? programResult.value : null;

  let documentKind = 'flyer';
  let sequence = 0;
  let timer = null;

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

  // Flyer: the partner and the wording kept for it.
  const coBranding = organizations.filter((o) => o.co_branding);
  const others = organizations.filter((o) => !o.co_branding);
  const option = (o) => h('option', { value: String(o.id) }, o.is_host ? `${o.name} (host program)` : o.name);
  const partner = h('select', { id: 'print-partner', name: 'partner', disabled: organizations.length === 0 },
    organizations.length === 0
      ? h('option', { value: '' }, 'No organizations yet')
      : coBranding.length && others.length
        ? [h('optgroup', { label: 'Co-branding partners' }, coBranding.map(option)),
          h('optgroup', { label: 'Other organizations' }, others.map(option))]
        : organizations.map(option));
  const firstPartner = coBranding[0] ?? organizations[0];
  if (firstPartner) partner.value = String(firstPartner.id);

  const headline = h('input', { type: 'text', id: 'flyer-headline', name: 'headline', autocomplete: 'off', disabled: true });
  const body = h('textarea', { id: 'flyer-body', name: 'body', rows: 7, disabled: true });
  const headlineCount = h('span', { class: 'char-count', id: 'flyer-headline-count' });
  const bodyCount = h('span', { class: 'char-count', id: 'flyer-body-count' });
  const textState = h('p', { class: 'hint text-state', id: 'flyer-text-state', 'aria-live': 'polite' });
  const textError = h('p', { class: 'form-error', id: 'flyer-text-error', role: 'alert' });
  // Reporting staff may try wording out for the preview and the PDF; keeping it is the
  // coordinator's (Rust refuses the save in reporting mode).
  const saveText = h('button', { type: 'button', id: 'flyer-save-text', disabled: true, hidden: reporting, onclick: () => { saveWording(); } },
    'Save wording for this partner');
  const resetText = h('button', { type: 'button', id: 'flyer-reset-text', hidden: true, onclick: () => { undoWording(); } },
    'Undo changes');

  const flyerSection = h('div', { class: 'print-options', id: 'print-flyer-options' },
    field(partner, 'Partner organization', organizations.length
      ? 'Co-branding partners are listed first. Their logo sits beside the program’s; the brand colour is the host program’s.'
      : reporting
        ? 'The coordinator adds the host program and its partners in Settings.'
        : ['Add the host program and its partners in ', h('a', { href: '#/settings' }, 'Settings'), ' first.']),
    h('h3', { class: 'print-subhead' }, 'Wording for this partner'),
    field(headline, 'Headline', ['Printed in large type. ', headlineCount]),
    field(body, 'Body', ['A few sentences on what peer support is; blank lines start a new paragraph. ', bodyCount]),
    textState,
    h('div', { class: 'actions print-text-actions' }, saveText, resetText),
    textError);

  // Sign: the department (by name) and optionally one organization.
  const department = h('select', { id: 'print-department', name: 'department', disabled: departments.length === 0 },
    departments.length
      ? departments.map((d) => h('option', { value: d.value }, d.value))
      : h('option', { value: '' }, departmentsResult.status === 'rejected' ? 'The departments could not be read' : 'No departments yet'));
  const signOrganization = h('select', { id: 'print-organization', name: 'organization' },
    h('option', { value: '' }, 'All organizations'),
    organizations.map((o) => h('option', { value: String(o.id) }, o.name)));
  const signSection = h('div', { class: 'print-options', id: 'print-sign-options', hidden: true },
    field(department, 'Department', departmentsResult.status === 'rejected'
      ? `The departments could not be read: ${departmentsResult.reason.message}`
      : departments.length ? null : ['Add departments in ', h('a', { href: '#/settings' }, 'Settings'), ' (lists).']),
    field(signOrganization, 'Organization', 'All organizations, or only the supporters of one.'),
    h('p', { class: 'callout print-note', id: 'print-sign-note' },
      'Only supporters who consented to be named are listed, with their role and work phone (or the program’s line). ',
      'No one else appears, whatever their department; retired supporters never do.'));

  // Report: the period.
  const now = clockNow();
  const from = h('input', { type: 'date', id: 'print-from', name: 'from', value: `${now.getFullYear()}-01-01` });
  const to = h('input', { type: 'date', id: 'print-to', name: 'to', value: todayIso(now) });
  const threshold = program?.suppression_threshold;
  const reportSection = h('div', { class: 'print-options', id: 'print-report-options', hidden: true },
    h('div', { class: 'print-dates' }, field(from, 'From'), field(to, 'To')),
    h('p', { class: 'callout print-note', id: 'print-report-note' },
      threshold
        ? `Counts are suppressed as on the Reports screen: a count below ${threshold} shows as “<${threshold}”, and a few more are hidden where a total would give them back. `
        : 'Counts are suppressed as on the Reports screen: small counts show as “<” the threshold, and a few more are hidden where a total would give them back. ',
      'The coordinator’s own view of exact counts never goes into the report, for all organizations.'));

  const controls = h('form', { class: 'card print-controls', id: 'print-form', 'aria-label': 'What to print', novalidate: true,
    onsubmit: (event) => event.preventDefault() },
  documentChooser,
  field(paper, 'Paper'),
  flyerSection, reporting ? null : signSection, reportSection);

  // ---- Preview ---------------------------------------------------------------------------
  const status = h('p', { class: 'print-status muted', id: 'print-status', role: 'status' });
  const previewArea = h('div', { class: 'print-preview', id: 'print-preview', 'aria-busy': 'true', 'aria-describedby': status.id });
  const previewCard = h('section', { class: 'card print-preview-card', id: 'print-preview-card', 'aria-labelledby': 'print-preview-title' },
    h('div', { class: 'print-preview-head' }, h('h2', { id: 'print-preview-title' }, 'Preview'), status),
    previewArea,
    h('p', { class: 'hint print-preview-foot' },
      'Drawn from the same layout as the PDF, page by page; what is saved is the PDF.'));

  // ---- Save ------------------------------------------------------------------------------
  const path = h('input', { type: 'text', id: 'print-path', name: 'path', autocomplete: 'off', spellcheck: 'false',
    placeholder: '/path/to/file.pdf', 'aria-describedby': 'print-save-error' });
  const choose = h('button', { type: 'button', id: 'print-choose' }, 'Choose…');
  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'print-save' }, 'Save PDF');
  const saveError = h('p', { class: 'form-error', id: 'print-save-error', role: 'alert' });
  const resultArea = h('div', { id: 'print-result-area', 'aria-live': 'polite' });
  const saveCard = h('section', { class: 'card print-save-card', id: 'print-save-card', 'aria-labelledby': 'print-save-title' },
    h('h2', { id: 'print-save-title' }, 'Save as PDF'),
    h('form', { class: 'print-save-form', id: 'print-save-form', 'aria-label': 'Save the PDF', novalidate: true,
      onsubmit: (event) => { event.preventDefault(); saving.save(); } },
    h('div', { class: 'filter-field print-path-field' }, h('label', { for: path.id }, 'Save to'),
      h('div', { class: 'path-row' }, path, choose)),
    h('div', { class: 'print-save-run' }, saveButton)),
    saveError, resultArea);

  const layout = h('div', { class: 'print-layout' },
    h('div', { class: 'print-side' }, controls, saveCard, programCard(program, programResult, reporting)),
    previewCard);
  replace(root, pageHeader('Print'),
    h('p', { class: 'muted intro' }, reporting
      ? 'Flyers for partner organizations and the committee report, laid out by PeerDesk and saved as PDF files to print or send.'
      : 'Flyers for partner organizations, break-room signs and the committee report, laid out by PeerDesk and saved as PDF files to print or send.'),
    layout);

  // ---- The flyer's wording, per partner ---------------------------------------------------
  /** partner id -> {saved, current}: the stored wording and what the fields hold. */
  const texts = new Map();
  const pendingTexts = new Map();
  /** The partner whose wording is in the fields (null while loading or when none). */
  let textFor = null;

  function partnerId() {
    return partner.value ? Number(partner.value) : null;
  }

  function partnerName(id = partnerId()) {
    return organizations.find((o) => o.id === id)?.name ?? '';
  }

  let savingText = false;

  function setTextDisabled(disabled) {
    headline.disabled = disabled;
    body.disabled = disabled;
    saveText.disabled = disabled;
    resetText.disabled = disabled;
  }

  function clearTextErrors() {
    replace(textError);
    for (const control of [headline, body]) {
      control.removeAttribute('aria-invalid');
      const line = errorLine(control);
      if (line) replace(line);
    }
  }

  function fetchText(id) {
    if (!pendingTexts.has(id)) {
      pendingTexts.set(id, api.flyerText(id).then((saved) => {
        const entry = { saved: { ...saved }, current: { ...saved } };
        texts.set(id, entry);
        return entry;
      }).finally(() => pendingTexts.delete(id)));
    }
    return pendingTexts.get(id);
  }

  /** Puts the partner's wording (unsaved edits included) in the fields. */
  async function loadText(id) {
    textFor = null;
    setTextDisabled(true);
    clearTextErrors();
    if (id === null) {
      headline.value = '';
      body.value = '';
      updateTextState();
      return;
    }
    let entry = texts.get(id);
    if (!entry) {
      replace(textState, 'Loading the wording…');
      try {
        entry = await fetchText(id);
      } catch (error) {
        if (alive && id === partnerId()) {
          replace(textState);
          replace(textError, `The wording for this partner could not be read: ${error.message}`);
        }
        return;
      }
    }
    if (!alive || id !== partnerId()) return;
    headline.value = entry.current.headline;
    body.value = entry.current.body;
    textFor = id;
    setTextDisabled(false);
    updateTextState();
  }

  function updateTextState() {
    const entry = textFor === null ? null : texts.get(textFor);
    counter(headlineCount, headline.value, HEADLINE_MAX);
    counter(bodyCount, body.value, BODY_MAX);
    if (!entry) {
      resetText.hidden = true;
      return;
    }
    const dirty = entry.current.headline !== entry.saved.headline || entry.current.body !== entry.saved.body;
    resetText.hidden = !dirty;
    textState.classList.toggle('dirty', dirty);
    replace(textState, dirty
      ? (reporting
        ? 'Changed wording: the preview and the PDF use it; the coordinator keeps wording for good.'
        : `Unsaved changes: the preview and the PDF use this wording; save it to keep it for ${partnerName(textFor)}.`)
      : `The wording kept for ${partnerName(textFor)}.`);
  }

  function onTextInput(event) {
    const entry = textFor === null ? null : texts.get(textFor);
    if (!entry) return;
    // A problem shown beside the field goes once the field is being fixed.
    if (event?.target?.getAttribute('aria-invalid')) {
      event.target.removeAttribute('aria-invalid');
      const line = errorLine(event.target);
      if (line) replace(line);
    }
    entry.current = { headline: headline.value, body: body.value };
    updateTextState();
    schedule();
  }

  function undoWording() {
    const entry = textFor === null ? null : texts.get(textFor);
    if (!entry) return;
    entry.current = { ...entry.saved };
    headline.value = entry.current.headline;
    body.value = entry.current.body;
    clearTextErrors();
    updateTextState();
    headline.focus();
    refresh();
  }

  async function saveWording() {
    const id = textFor;
    if (id === null || savingText) return;
    const text = { headline: headline.value, body: body.value };
    clearTextErrors();
    // The button keeps its focus (a disabled button would drop it); a second press waits.
    savingText = true;
    saveText.setAttribute('aria-disabled', 'true');
    replace(textState, 'Saving the wording…');
    try {
      await api.saveFlyerText(id, text);
    } catch (error) {
      if (!alive) return;
      if (textFor === id) {
        updateTextState();
        showTextErrors(error);
      } else {
        toast(`The wording for ${partnerName(id)} was not saved: ${error.message}`, { kind: 'error' });
      }
      return;
    } finally {
      savingText = false;
      saveText.removeAttribute('aria-disabled');
    }
    if (!alive) return;
    toast(`Wording saved for ${partnerName(id)}`);
    // What was stored (trimmed) becomes the saved wording; the fields follow it unless they
    // were edited again meanwhile.
    const entry = texts.get(id);
    let stored = text;
    try {
      stored = await api.flyerText(id);
    } catch {
      // Keep what was sent: it was accepted.
    }
    if (!alive || !entry) return;
    const untouched = entry.current.headline === text.headline && entry.current.body === text.body;
    entry.saved = { ...stored };
    if (untouched) entry.current = { ...stored };
    if (textFor !== id) return;
    const changed = headline.value !== entry.current.headline || body.value !== entry.current.body;
    if (untouched && changed) {
      headline.value = entry.current.headline;
      body.value = entry.current.body;
    }
    updateTextState();
    if (untouched && changed) refresh();
  }

  function showTextErrors(error) {
    const pairs = error.fields?.length ? error.fields : [];
    const unplaced = [];
    let first = null;
    for (const [name, message] of pairs) {
      const control = name === 'headline' ? headline : name === 'body' ? body : null;
      if (!control) {
        unplaced.push(message);
        continue;
      }
      control.setAttribute('aria-invalid', 'true');
      const line = errorLine(control);
      if (line) replace(line, message);
      else unplaced.push(message);
      first ??= control;
    }
    if (!pairs.length) unplaced.push(error.message);
    replace(textError, unplaced.join(' '));
    first?.focus();
  }

  // ---- The request and the preview ---------------------------------------------------------
  function request() {
    const base = { document: documentKind, paper: paper.value };
    if (documentKind === 'flyer') {
      const id = partnerId();
      return { ...base, partner_id: id,
        text: id !== null && textFor === id ? { headline: headline.value, body: body.value } : null };
    }
    if (documentKind === 'sign') {
      return { ...base, department: department.value,
        organization_id: signOrganization.value ? Number(signOrganization.value) : null };
    }
    return { ...base, from: from.value, to: to.value };
  }

  function busy(text) {
    previewArea.setAttribute('aria-busy', 'true');
    previewCard.classList.add('is-busy');
    replace(status, text);
  }

  function idle(text) {
    previewArea.setAttribute('aria-busy', 'false');
    previewCard.classList.remove('is-busy');
    replace(status, text);
  }

  /** Draws the preview again after a pause in typing. */
  function schedule() {
    clearTimeout(timer);
    busy('Updating the preview…');
    timer = setTimeout(() => { refresh(); }, DEBOUNCE_MS);
  }

  /**
   * Asks the core for the document's layout and draws it. `clear` empties the preview at
   * once (another document, another partner); otherwise the pages stay, dimmed, until the
   * new ones arrive. Only the latest request is shown.
   */
  async function refresh({ clear = false } = {}) {
    clearTimeout(timer);
    timer = null;
    const mine = ++sequence;
    const kind = documentKind;
    if (clear || !previewArea.querySelector('svg.page-preview')) {
      delete previewArea.dataset.pages;
      replace(previewArea, h('p', { class: 'muted print-loading', id: 'print-loading' }, 'Drawing the preview…'));
    }
    busy('Drawing the preview…');
    for (const control of [from, to]) control.removeAttribute('aria-invalid');
    if (kind === 'flyer') {
      const id = partnerId();
      if (id !== null && textFor !== id) {
        await loadText(id);
        if (!alive || mine !== sequence) return;
      }
    }
    let preview;
    try {
      preview = await api.printPreview(request());
    } catch (error) {
      if (!alive || mine !== sequence) return;
      delete previewArea.dataset.pages;
      replace(previewArea, h('div', { class: 'print-error', id: 'print-error', role: 'alert' },
        h('strong', {}, 'Nothing to preview: '), error.message));
      if (kind === 'report' && error.code === 'invalid') {
        for (const control of [from, to]) control.setAttribute('aria-invalid', 'true');
      }
      idle('No preview');
      return;
    }
    if (!alive || mine !== sequence) return;
    const pages = preview.pages?.length ?? 0;
    previewArea.dataset.pages = String(pages);
    previewArea.dataset.document = kind;
    replace(previewArea, pagePreviews(preview, { idPrefix: 'print-page' }));
    idle(`${preview.title} · ${PAPER_NAMES[paper.value] ?? paper.value} · ${pagesText(pages)}`);
  }

  // ---- Saving the PDF -------------------------------------------------------------------
  /** The suggested file name when the current path follows the suggestions, else null. */
  let autoName = null;

  function suggested() {
    if (documentKind === 'flyer') return `flyer-${slug(partnerName()) || 'partner'}-${paper.value}.pdf`;
    if (documentKind === 'sign') {
      const organization = signOrganization.value ? organizations.find((o) => String(o.id) === signOrganization.value)?.name : '';
      return `sign-${slug(department.value) || 'department'}${organization ? `-${slug(organization)}` : ''}.pdf`;
    }
    return `committee-report-${from.value || 'start'}-to-${to.value || 'end'}.pdf`;
  }

  /** Keeps a suggested file name in step with the choices; forgets a path made for another document. */
  function syncPath({ documentChanged = false } = {}) {
    const value = path.value.trim();
    const base = value.split(/[\\/]/).pop();
    if (value && autoName && base === autoName) {
      const next = suggested();
      path.value = value.slice(0, value.length - base.length) + next;
      autoName = next;
    } else if (documentChanged && value) {
      path.value = '';
      autoName = null;
    }
  }

  const saving = saveFileFlow({
    path, choose, run: saveButton, problem: saveError, result: resultArea,
    suggested,
    extension: 'pdf',
    writing: 'Writing the PDF…',
    write: (target, replaceExisting) => api.savePrint(request(), target, replaceExisting),
    written: (target, pages) => ({
      callout: h('p', { class: 'callout print-result', id: 'print-result' },
        'Saved ', h('code', { class: 'path' }, target), ` (${pagesText(pages)})`),
      toast: `PDF saved (${pagesText(pages)})`,
    }),
    // A name the dialog kept as suggested goes on following the choices (syncPath).
    onChosen: (chosen, name) => { autoName = String(chosen).split(/[\\/]/).pop() === name ? name : null; },
    alive: () => alive,
    keepFocus: true,
    // The core also refuses the document itself (dates, partner), so the path is not blamed.
    markPath: false,
  });

  // ---- Wiring -------------------------------------------------------------------------------
  function showDocument() {
    const chosen = DOCUMENTS.find((d) => d.value === documentKind);
    flyerSection.hidden = documentKind !== 'flyer';
    signSection.hidden = documentKind !== 'sign';
    reportSection.hidden = documentKind !== 'report';
    replace(documentHint, chosen.hint);
  }

  documentChooser.addEventListener('change', (event) => {
    if (event.target?.name !== 'print-document') return;
    documentKind = event.target.value;
    showDocument();
    syncPath({ documentChanged: true });
    replace(resultArea);
    replace(saveError);
    refresh({ clear: true });
  });
  paper.addEventListener('change', () => {
    syncPath();
    refresh();
  });
  partner.addEventListener('change', () => {
    syncPath();
    refresh({ clear: true });
  });
  headline.addEventListener('input', onTextInput);
  body.addEventListener('input', onTextInput);
  for (const control of [department, signOrganization]) {
    control.addEventListener('change', () => {
      syncPath();
      refresh();
    });
  }
  for (const control of [from, to]) {
    control.addEventListener('change', () => {
      syncPath();
      schedule();
    });
  }

  showDocument();
  refresh({ clear: true });

  return () => {
    alive = false;
    clearTimeout(timer);
  };
}

/** A labelled control with its hint and an error line beside it (ids derive from the control's). */
function field(control, label, hint = null) {
  const hintLine = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', [hintLine?.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field print-field' }, h('label', { for: control.id }, label), control, hintLine, error);
}

/** The error line `field` placed beside a control. */
function errorLine(control) {
  return control.closest('.field')?.querySelector('.field-error') ?? null;
}

/** "42 of 90 characters", marked when over the limit. */
function counter(element, text, max) {
  const length = [...text.trim()].length;
  element.classList.toggle('over', length > max);
  replace(element, length > max ? `${count(length)} of ${count(max)} characters: too long to save.` : `${count(length)} of ${count(max)} characters.`);
}

function pagesText(pages) {
  const n = Number(pages) || 0;
  return `${count(n)} ${n === 1 ? 'page' : 'pages'}`;
}

/** A name as a file-name part: "Mercy General — ICU" -> "mercy-general-icu". */
function slug(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
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
      h('dt', {}, 'Program name'), value(program.program_name, 'print-program-name', 'not set (printed as “Peer Support Program”)'),
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
