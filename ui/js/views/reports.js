// Reports: the trends a quality or wellness office takes to committees, for a period and
// optionally one organization, with the de-identified export. Every count comes from the
// core already suppressed ("<11"); the coordinator's own view may show exact small counts on
// this screen only, marked, and never in an export or a printout. In reporting mode (the
// quality office's passphrase) there is no coordinator view: every count is suppressed.
import { api } from '../api.js';
import { now } from '../clock.js';
import { isReporting } from '../access.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import { pathControls, saveFileFlow } from '../components/save-file.js';
import { markRefused } from '../components/form.js';
import { barChart, lineChart, chartTitles } from '../components/chart.js';
import { pageHeader, loading, errorPanel } from './common.js';

const PERIODS = [
  ['last-12-months', 'Last 12 full months'],
  ['this-month', 'This month'],
  ['last-month', 'Last month'],
  ['this-quarter', 'This quarter'],
  ['this-year', 'This year'],
  ['custom', 'Custom dates'],
];

/** What the rows of each table are, and what they count (the chart's axes). */
const AXES = {
  'issue-types': ['Issue type', 'Outreaches'],
  roles: ['Role', 'Outreaches'],
  departments: ['Department', 'Outreaches'],
  referral: ['Referred by', 'Outreaches'],
  modes: ['Mode', 'Outreaches'],
  kinds: ['Kind', 'Outreaches'],
  resources: ['Resource offered', 'Outreaches'],
  'load-outreaches': ['Outreaches logged', 'Supporters'],
  'load-cases': ['Open cases', 'Supporters'],
  months: ['Month', 'Outreaches'],
  outcomes: ['Rating', 'Outreaches'],
  referrals: ['Service', 'Referrals'],
  sources: ['Source', 'Requests'],
  'events-kinds': ['Kind of event', 'Events'],
  'events-reach': ['Outreach', 'Events'],
  'sessions-kinds': ['Kind of session', 'Sessions'],
  'people-kinds': ['Kind of session', 'People'],
  'people-roles': ['Role', 'People'],
};

/** Tables whose total is not the sum of their rows (an outreach can have several). */
const TOTAL_LABELS = {
  'issue-types': 'Outreaches in the period',
  resources: 'Outreaches in the period',
  'load-outreaches': 'Supporters (not retired)',
  'load-cases': 'Supporters (not retired)',
};

/** The period Reports opens on: whole months only, so it is full on any day of a month. */
export const DEFAULT_PERIOD = 'last-12-months';

/** The dates a preset means, on the workstation's calendar. */
export function presetRange(preset, today = now()) {
  const year = today.getFullYear();
  const month = today.getMonth();
  switch (preset) {
    case 'last-12-months':
      return { from: todayIso(new Date(year, month - 12, 1)), to: todayIso(new Date(year, month, 0)) };
    case 'last-month':
      return { from: todayIso(new Date(year, month - 1, 1)), to: todayIso(new Date(year, month, 0)) };
    case 'this-quarter':
      return { from: todayIso(new Date(year, month - (month % 3), 1)), to: todayIso(today) };
    case 'this-year':
      return { from: todayIso(new Date(year, 0, 1)), to: todayIso(today) };
    default:
      return { from: todayIso(new Date(year, month, 1)), to: todayIso(today) };
  }
}

/** "2024-03" → "Mar 2024". */
function monthLabel(key) {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return key;
  return new Date(Number(match[1]), Number(match[2]) - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
}

function percent(value, { sign = false } = {}) {
  const text = Math.abs(value).toLocaleString(undefined, { maximumFractionDigits: 1 });
  if (!sign || value === 0) return `${value < 0 ? '−' : ''}${text}%`;
  return `${value > 0 ? '+' : '−'}${text}%`;
}

function range(from, to) {
  return `${localDate(from)} – ${localDate(to)}`;
}

/** A count as it may be shown: "<11" (hidden), or the exact count marked in coordinator view. */
function cellNode(cell, coordinatorView) {
  if (!cell) return '—';
  if (!cell.hidden) return h('span', { class: 'cell' }, cell.text);
  if (coordinatorView && cell.value !== null && cell.value !== undefined) {
    return h('span', { class: 'cell cell-marked', title: chartTitles.marked, dataset: { hidden: 'true' } }, cell.text);
  }
  return h('span', { class: 'cell cell-hidden', title: chartTitles.hidden, dataset: { hidden: 'true' } }, cell.text);
}

export function mountReports(root) {
  let alive = true;
  let sequence = 0;
  const reporting = isReporting();

  // The controls.
  const period = h('select', { id: 'report-period', name: 'period' },
    PERIODS.map(([value, label]) => h('option', { value, selected: value === DEFAULT_PERIOD }, label)));
  const from = h('input', { type: 'date', id: 'report-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'report-to', name: 'to' });
  const organization = h('select', { id: 'report-organization', name: 'organization' },
    h('option', { value: '' }, 'All organizations'));
  const coordinator = h('input', { type: 'checkbox', id: 'report-coordinator-view', name: 'coordinator_view',
    'aria-describedby': 'report-coordinator-hint' });
  const field = (control, label, extra = {}) => h('div', { class: 'filter-field', ...extra },
    h('label', { for: control.id }, label), control);
  const customFields = h('div', { class: 'report-custom', id: 'report-custom', hidden: true },
    field(from, 'From'), field(to, 'To'));
  const controls = h('form', { class: 'report-controls', id: 'report-controls', 'aria-label': 'What the report covers',
    onsubmit: (event) => { event.preventDefault(); build(); } },
  field(period, 'Period'),
  customFields,
  field(organization, 'Organization'),
  reporting
    ? null
    : h('div', { class: 'filter-field report-check' },
      h('label', { class: 'inline', for: coordinator.id }, coordinator, 'Coordinator view: exact counts on this screen only'),
      h('p', { class: 'hint', id: 'report-coordinator-hint' }, 'Exports and printouts stay suppressed.')));

  const banner = h('div', { class: 'callout coordinator-banner', id: 'report-coordinator-banner', role: 'status', hidden: true },
    h('strong', {}, h('span', { 'aria-hidden': 'true' }, '◉ '), 'Coordinator view is on: exact small counts are on this screen.'),
    ' Exports and printouts stay suppressed. A count with a dotted underline is hidden in anything that leaves the screen.');
  const printNote = h('p', { class: 'print-only callout', id: 'report-print-note', hidden: true },
    'This report was showing exact small counts (coordinator view), so it is not printed. Turn coordinator view off and print again.');
  const periodText = h('p', { class: 'muted', id: 'report-period-text' });
  const body = h('div', { id: 'report-body', 'aria-live': 'polite', 'aria-busy': 'false' });
  const exporter = exportCard(reporting);

  function currentRange() {
    if (period.value !== 'custom') return presetRange(period.value);
    const fallback = presetRange(DEFAULT_PERIOD);
    return { from: from.value || fallback.from, to: to.value || fallback.to };
  }

  function showCoordinator() {
    const on = coordinator.checked;
    banner.hidden = !on;
    printNote.hidden = !on;
    body.classList.toggle('coordinator-view', on);
  }

  async function build() {
    const mine = ++sequence;
    const { from: start, to: end } = currentRange();
    const query = {
      from: start,
      to: end,
      organization_id: organization.value ? Number(organization.value) : null,
      coordinator_view: !reporting && coordinator.checked,
    };
    exporter.setPeriod(start, end);
    from.removeAttribute('aria-invalid');
    to.removeAttribute('aria-invalid');
    body.setAttribute('aria-busy', 'true');
    replace(body, loading('the report'));
    let built;
    try {
      built = await api.buildReport(query);
    } catch (error) {
      if (!alive || mine !== sequence) return;
      body.setAttribute('aria-busy', 'false');
      if (period.value === 'custom') markRefused(error, { from, to });
      const panel = errorPanel(error);
      panel.id = 'report-error';
      replace(body, panel);
      replace(periodText, `${range(start, end)} · could not be built`);
      return;
    }
    if (!alive || mine !== sequence) return;
    const report = built;
    body.setAttribute('aria-busy', 'false');
    body.dataset.from = report.from;
    body.dataset.to = report.to;
    exporter.setPeriod(report.from, report.to, report.threshold);
    replace(periodText, `${range(report.from, report.to)} · ${report.organization ?? 'All organizations'}`);
    replace(body, ...renderReport(report, period.value === 'this-month' ? showLastMonth : null));
  }

  /** From an empty "this month" (the 1st, say) to the month before, in one click. */
  function showLastMonth() {
    period.value = 'last-month';
    period.dispatchEvent(new Event('change'));
  }

  let lastPreset = period.value;
  period.addEventListener('change', () => {
    const custom = period.value === 'custom';
    if (custom && !from.value && !to.value) {
      // Start from the dates on screen, so that one date can be changed at a time.
      const shown = presetRange(lastPreset);
      from.value = shown.from;
      to.value = shown.to;
    }
    if (!custom) lastPreset = period.value;
    customFields.hidden = !custom;
    build();
  });
  for (const control of [from, to, organization]) control.addEventListener('change', () => build());
  coordinator.addEventListener('change', () => {
    showCoordinator();
    build();
  });

  replace(root, pageHeader('Reports', periodText),
    h('p', { class: 'muted intro' }, 'Counts below the program’s threshold show as “<11”, and a few more are hidden where a total would give them back, so that no one can be recognised.'),
    controls, banner, printNote, body, exporter.element);
  showCoordinator();

  api.listOrganizations().then((rows) => {
    if (!alive) return;
    for (const row of rows) organization.appendChild(h('option', { value: String(row.id) }, row.name));
  }).catch(() => {
    // The report still works for all organizations; the build shows any real problem.
  });
  build();

  return () => {
    alive = false;
  };
}

/** The report's cards, or its empty state (with the month before one click away when this
 * month has nothing yet). */
function renderReport(report, showLastMonth) {
  const view = report.coordinator_view;
  if (report.empty) {
    const forWhom = report.organization ? ` for ${report.organization}.` : '.';
    return [h('section', { class: 'card empty-state', id: 'report-empty', dataset: { from: report.from, to: report.to } },
      showLastMonth
        ? [h('p', {}, `Nothing yet this month: no outreaches, requests or team sessions since ${localDate(report.from)}`, forWhom),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'report-show-last-month',
            onclick: showLastMonth }, 'Show last month'))]
        : [h('p', {}, `No outreaches, requests or team sessions between ${localDate(report.from)} and ${localDate(report.to)}`, forWhom),
          h('p', {}, 'Choose another period or organization above.')])];
  }
  return [
    summaryCard(report),
    report.indicators ? indicatorsCard(report.indicators, view) : null,
    monthlyCard(report.monthly, view),
    h('div', { class: 'report-grid' }, report.tables.map((table) => tableCard(table, view))),
    report.load.length
      ? [h('h2', { class: 'report-section-title' }, 'Supporter load'),
        h('div', { class: 'report-grid' }, report.load.map((table) => tableCard(table, view)))]
      : null,
    groupSection(report),
  ];
}

/** Group support, apart from the one-to-one outreaches: the critical events and whether their
 * unit was reached within the target, the team sessions and the people they reached. */
function groupSection(report) {
  const view = report.coordinator_view;
  const group = report.group;
  if (!group) return null;
  const none = (cell) => cell && !cell.hidden && cell.value === 0;
  const title = h('h2', { class: 'report-section-title', id: 'report-group-title' }, 'Group support after critical events');
  if (none(group.events) && none(group.sessions)) {
    return [title, h('section', { class: 'card empty-state', id: 'report-group-empty' },
      h('p', {}, 'No critical event and no team session in this period.'),
      h('p', {}, 'Events and the huddles, debriefs and check-ins after them are logged under Outreach → Critical events and team sessions.'))];
  }
  const share = group.share_in_time === null || group.share_in_time === undefined
    ? [h('span', {}, none(group.events) ? 'none yet' : 'not shown'), h('span', { class: 'muted' }, ` (${group.share_not_shown ?? 'not shown'})`)]
    : [h('strong', {}, percent(group.share_in_time)), h('span', { class: 'muted' }, ' ('), cellNode(group.reached_in_time, view),
      h('span', { class: 'muted' }, ' events)')];
  return [title,
    h('section', { class: 'card report-card', id: 'report-group', 'aria-labelledby': 'report-group-summary-title' },
      h('h2', { id: 'report-group-summary-title' }, 'Events, sessions and people reached'),
      h('p', { class: 'muted' }, 'Team huddles, debriefs and check-ins are counted apart from the one-to-one outreaches above.'),
      h('dl', { class: 'facts report-facts' },
        h('dt', {}, 'Critical events logged'), h('dd', { id: 'report-group-events' }, cellNode(group.events, view)),
        h('dt', {}, `Units reached within their target (${group.target_hours} ${group.target_hours === 1 ? 'hour' : 'hours'} now)`),
        h('dd', { id: 'report-group-in-time' }, share),
        h('dt', {}, 'Group sessions'), h('dd', { id: 'report-group-sessions' }, cellNode(group.sessions, view)),
        h('dt', {}, 'People reached in group sessions'), h('dd', { id: 'report-group-people' }, cellNode(group.people_reached, view)))),
    h('div', { class: 'report-grid' }, group.tables.map((table) => tableCard(table, view)))];
}

function summaryCard(report) {
  const view = report.coordinator_view;
  const { growth, reply } = report;
  const growthText = growth.percent === null || growth.percent === undefined
    ? [h('span', {}, 'not shown: a count is too small or there is nothing to compare'),
      h('span', { class: 'muted' }, ` (previous period ${range(growth.previous_from, growth.previous_to)})`)]
    : [h('strong', {}, percent(growth.percent, { sign: true })),
      h('span', { class: 'muted' }, ` against ${range(growth.previous_from, growth.previous_to)} (`),
      cellNode(growth.previous_total, view), h('span', { class: 'muted' }, ' outreaches)')];
  const contactedNone = reply.contacted && !reply.contacted.hidden && reply.contacted.value === 0;
  const withinText = reply.share_within_target === null || reply.share_within_target === undefined
    ? [h('span', {}, contactedNone ? 'none yet' : 'hidden'), h('span', { class: 'muted' }, ` (${reply.share_not_shown ?? 'not shown'})`)]
    : [h('strong', {}, percent(reply.share_within_target)), h('span', { class: 'muted' }, ' ('),
      cellNode(reply.within_target, view), h('span', { class: 'muted' }, ' of '), cellNode(reply.contacted, view),
      h('span', { class: 'muted' }, ' contacted)')];
  const median = reply.median_hours_to_first_contact;
  const medianText = median === null || median === undefined
    ? `hidden: fewer than ${report.threshold} requests were contacted`
    : `${median.toLocaleString(undefined, { maximumFractionDigits: 1 })} ${median === 1 ? 'hour' : 'hours'}`;
  const days = reply.reply_target_days;
  return h('section', { class: 'card report-card', id: 'report-summary', 'aria-labelledby': 'report-summary-title' },
    h('h2', { id: 'report-summary-title' }, 'Summary'),
    h('p', { class: 'muted' }, `${range(report.from, report.to)} · ${report.organization ?? 'All organizations'}`),
    h('dl', { class: 'facts report-facts' },
      h('dt', {}, 'Outreaches in the period'), h('dd', { id: 'report-outreaches' }, cellNode(report.outreaches, view)),
      h('dt', {}, 'Growth against the previous period'), h('dd', { id: 'report-growth' }, growthText),
      h('dt', {}, 'Requests received'), h('dd', { id: 'report-requests' }, cellNode(reply.received, view)),
      h('dt', {}, `First contacts within the reply target (${days} business ${days === 1 ? 'day' : 'days'})`),
      h('dd', { id: 'report-within-target' }, withinText),
      h('dt', {}, 'Median time to first contact'), h('dd', { id: 'report-median' }, medianText)));
}

/** The committee's questions: each a share of a whole, as a table and as bars out of 100 %. */
function indicatorsCard(indicators, view) {
  const days = indicators.first_contact_business_days;
  const shown = (share) => share.percent !== null && share.percent !== undefined;
  const rows = indicators.shares.map((share) => ({
    label: share.label,
    cell: { value: shown(share) ? share.percent : null, text: shown(share) ? percent(share.percent) : 'hidden', hidden: !shown(share) },
  }));
  const chart = barChart({ rows, title: 'The committee’s questions, in percent', max: 100, coordinatorView: false,
    axisLabel: 'Percent', categoryLabel: 'Question' });
  const table = h('table', { id: 'report-indicators' },
    h('caption', {}, 'Each share counts like every other number here: a share whose part, rest or whole is too small to show is hidden.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Share'), h('th', { scope: 'col' }, 'Of what'))),
    h('tbody', {}, indicators.shares.map((share) => h('tr', { dataset: { key: share.key } },
      h('th', { scope: 'row' }, share.label),
      h('td', {}, shown(share) ? [h('strong', {}, percent(share.percent)), h('span', { class: 'muted' }, ' ('),
        cellNode(share.part, view), h('span', { class: 'muted' }, ' of '), cellNode(share.whole, view), h('span', { class: 'muted' }, ')')]
        : h('span', { class: 'muted' }, share.not_shown ?? 'not shown')),
      h('td', { class: 'muted' }, share.of_what)))));
  return h('section', { class: 'card report-card', id: 'report-committee', 'aria-labelledby': 'report-committee-title' },
    h('h2', { id: 'report-committee-title' }, 'The committee’s questions'),
    h('dl', { class: 'facts report-facts' },
      h('dt', {}, 'Business days to first contact'),
      h('dd', { id: 'report-business-days' }, days
        ? `median ${days.median.toLocaleString(undefined, { maximumFractionDigits: 1 })}, 90th percentile ${days.p90.toLocaleString()}`
        : 'hidden: too few requests were contacted')),
    chart, h('div', { class: 'table-scroll' }, table));
}

function monthlyCard(table, view) {
  const [category, axis] = AXES.months;
  const points = table.rows.map((row) => ({ label: monthLabel(row.label), cell: row.count }));
  const chart = points.length
    ? lineChart({ points, title: table.title, coordinatorView: view, axisLabel: axis, categoryLabel: category })
    : null;
  return card(table, view, chart, monthLabel, 'report-card report-monthly');
}

function tableCard(table, view) {
  const [category, axis] = AXES[table.id] ?? ['', 'Count'];
  const rows = table.rows.map((row) => ({ label: row.label, cell: row.count }));
  const chart = rows.length
    ? barChart({ rows, title: table.title, coordinatorView: view, axisLabel: axis, categoryLabel: category })
    : null;
  return card(table, view, chart, (label) => label, 'report-card');
}

/** A titled card: the chart, then the table with its total row and its caption. */
function card(table, view, chart, labelOf, className) {
  const titleId = `report-table-${table.id}-title`;
  const [category] = AXES[table.id] ?? ['Group'];
  const hiddenHere = table.rows.some((row) => row.count.hidden) || table.total.hidden;
  const share = (value) => (value === null || value === undefined ? '—' : percent(value));
  const totalShare = !table.total.hidden && table.total.value > 0 ? '100%' : '—';
  const figure = chart
    ? h('figure', { class: 'chart-figure' }, chart,
      h('figcaption', { class: 'muted' }, hiddenHere
        ? (view
          ? 'Hatched, outlined bars are drawn at their exact count on this screen only; their numbers are underlined.'
          : 'A hatched box marks a hidden count: it is labelled, never drawn to scale.')
        : `${table.title}, drawn to scale; the table below has the same counts.`))
    : h('p', { class: 'empty-state' }, 'Nothing recorded in this period.');
  return h('section', { class: className, id: `report-table-${table.id}`, 'aria-labelledby': titleId,
    dataset: { hidden: String(table.hidden) } },
  h('h2', { id: titleId }, table.title),
  figure,
  h('div', { class: 'table-scroll' },
    h('table', { class: 'report-table' },
      h('caption', {}, table.caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, category || 'Group'),
        h('th', { scope: 'col', class: 'num' }, 'Count'),
        h('th', { scope: 'col', class: 'num' }, 'Share'))),
      h('tbody', {}, table.rows.map((row) => h('tr', {},
        h('th', { scope: 'row' }, labelOf(row.label)),
        h('td', { class: 'num' }, cellNode(row.count, view)),
        h('td', { class: 'num' }, share(row.share))))),
      h('tfoot', {}, h('tr', { class: 'total-row' },
        h('th', { scope: 'row' }, TOTAL_LABELS[table.id] ?? 'Total'),
        h('td', { class: 'num' }, cellNode(table.total, view)),
        h('td', { class: 'num' }, totalShare))))));
}

/** The de-identified export: format, where to save it, and what it did. */
function exportCard(reporting) {
  let covered = presetRange(DEFAULT_PERIOD);
  let threshold = null;
  const periodLine = h('p', { class: 'muted', id: 'export-period' });
  const format = h('select', { id: 'export-format', name: 'format' },
    h('option', { value: 'csv', selected: true }, 'CSV (any spreadsheet)'), h('option', { value: 'xlsx' }, 'Excel workbook (XLSX)'));
  const { path, choose } = pathControls('export', 'export-error');
  const run = h('button', { type: 'submit', class: 'primary', id: 'export-run' }, 'Export');
  const problem = h('p', { class: 'form-error', id: 'export-error', role: 'alert' });
  const result = h('div', { id: 'export-result-area', 'aria-live': 'polite' });
  const explanation = h('p', { id: 'export-explanation' });

  const ext = () => format.value;

  const saving = saveFileFlow({
    path, choose, run, problem, result,
    suggested: () => `peerdesk-outreach-${covered.from}-to-${covered.to}.${ext()}`,
    extension: ext,
    writing: 'Writing the export…',
    progress: 'Exporting the outreaches',
    write: (target, replaceExisting, job) => api.exportOutreach(
      { from: covered.from, to: covered.to, organization_id: null, coordinator_view: false },
      format.value, target, replaceExisting, job),
    written: (target, summary) => ({ callout: resultCallout(target, summary) }),
  });

  function resultCallout(target, summary) {
    const fact = (label, value, id) => [h('dt', {}, label), h('dd', id ? { id } : {}, Number(value ?? 0).toLocaleString())];
    return h('div', { class: 'callout export-result', id: 'export-result' },
      h('p', {}, h('strong', {}, 'Export written'), ' to ', h('code', { class: 'path' }, target), '.'),
      summary.summary_file
        ? h('p', { id: 'export-summary-file' }, 'Its summary (the counts below) is beside it, in ',
          h('code', { class: 'path' }, summary.summary_file), '.')
        : h('p', { id: 'export-summary-file' }, 'Its summary (the counts below) is on the workbook’s “Summary” sheet.'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Period'), h('dd', {}, range(summary.from, summary.to)),
        fact('Outreaches in the period', summary.outreaches, 'export-outreaches'),
        fact('Rows exported', summary.rows_exported, 'export-rows'),
        fact('Rows suppressed', summary.suppressed, 'export-suppressed'),
        fact('Months widened to quarters', summary.month_to_quarter, 'export-month-to-quarter'),
        fact('Quarters widened to years', summary.quarter_to_year, 'export-quarter-to-year'),
        fact('Departments shown as “Other department”', summary.department_generalized, 'export-department-generalized'),
        fact('Roles shown as their role family', summary.role_generalized, 'export-role-generalized')),
      h('p', { class: 'muted' }, `Every group of department, role and period in the file holds at least ${summary.k} outreaches.`));
  }

  format.addEventListener('change', () => {
    // Keep a typed or chosen path in step with the format.
    const value = path.value.trim();
    if (/\.(csv|xlsx)$/i.test(value)) path.value = value.replace(/\.(csv|xlsx)$/i, `.${ext()}`);
  });

  function describe() {
    const k = threshold ? `fewer than ${threshold}` : 'too small';
    replace(explanation,
      'The export holds one row per outreach with only its month (or a coarser period), whether it was an initial contact or a follow-up, the mode, the referral source, the department, the role, the issue types and the resources offered. ',
      `It never holds names, phones, emails, notes, comments, supporters, request numbers or exact dates, and groups of ${k} outreaches are generalized (quarter or year, “Other department”, role family) or suppressed. `,
      'The rows are one table that pandas, R or a pivot table reads as it is; what was generalized and suppressed goes beside a CSV, in NAME.summary.txt, and on the “Summary” sheet of a workbook.');
    replace(periodLine, `It covers ${range(covered.from, covered.to)}, for all organizations, always suppressed, whatever the organization${reporting ? '' : ' and coordinator view'} above.`);
  }
  describe();

  const element = h('section', { class: 'card', id: 'report-export', 'aria-labelledby': 'report-export-title' },
    h('h2', { id: 'report-export-title' }, 'De-identified export'),
    explanation, periodLine,
    h('form', { class: 'export-form', id: 'export-form', 'aria-label': 'Export the outreaches',
      onsubmit: (event) => { event.preventDefault(); saving.save(); } },
    h('div', { class: 'filter-field' }, h('label', { for: format.id }, 'Format'), format),
    h('div', { class: 'filter-field export-path-field' }, h('label', { for: path.id }, 'Save to'),
      h('div', { class: 'path-row' }, path, choose)),
    h('div', { class: 'filter-field export-run-field' }, run)),
    problem, result);

  return {
    element,
    setPeriod(from, to, k) {
      covered = { from, to };
      if (k) threshold = k;
      describe();
    },
  };
}
