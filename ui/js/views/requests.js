// Requests for support, most recent first.
import { api } from '../api.js';
import { h, replace, localDate, relativeDays, todayIso } from '../dom.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel, statusBadge } from './common.js';

const OPEN = new Set(['new', 'matched']);

/** An open request's first-contact due date: "due tomorrow", or "overdue, due 2 days ago". */
function dueBadge(dueOn, today) {
  const when = relativeDays(dueOn);
  return dueOn < today ? statusBadge('overdue', `, due ${when}`) : h('span', { class: 'due' }, `due ${when}`);
}

export async function mountRequests(root) {
  replace(root, pageHeader('Requests'), loading('the requests'));
  let rows;
  try {
    rows = await api.listRequests();
  } catch (error) {
    replace(root, pageHeader('Requests'), errorPanel(error));
    return;
  }
  const today = todayIso();
  const table = dataTable({
    caption: 'Requests for support',
    filterLabel: 'Filter requests by status, role, department, organization or supporter',
    emptyText: 'No requests yet: they appear here as they arrive.',
    rows,
    columns: [
      { key: 'id', label: 'No.', value: (r) => r.id },
      { key: 'received_at', label: 'Received', render: (r) => localDate(r.received_at) },
      { key: 'status', label: 'Status', render: (r) => statusBadge(r.status) },
      { key: 'due_on', label: 'First contact due', render: (r) => (OPEN.has(r.status)
        ? dueBadge(r.due_on, today) : localDate(r.due_on)) },
      { key: 'role', label: 'Role' },
      { key: 'department', label: 'Department' },
      { key: 'organization', label: 'Organization' },
      { key: 'supporter', label: 'Supporter' },
    ],
  });
  replace(root, pageHeader('Requests', `The ${rows.length} most recent`), table.element);
}
