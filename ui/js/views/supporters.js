// The roster of peer supporters.
import { api } from '../api.js';
import { h, replace, localDate } from '../dom.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel, statusBadge } from './common.js';

export async function mountSupporters(root) {
  replace(root, pageHeader('Supporters'), loading('the roster'));
  let rows;
  try {
    rows = await api.listSupporters();
  } catch (error) {
    replace(root, pageHeader('Supporters'), errorPanel(error));
    return;
  }
  const table = dataTable({
    caption: 'Peer supporters',
    filterLabel: 'Find a supporter by name, role, department, organization or status',
    emptyText: 'No peer supporters yet.',
    rows,
    columns: [
      { key: 'name', label: 'Name' },
      { key: 'role', label: 'Role' },
      { key: 'department', label: 'Department' },
      { key: 'organization', label: 'Organization' },
      { key: 'status', label: 'Status', render: (r) => statusBadge(r.status, r.paused_until ? ` until ${localDate(r.paused_until)}` : null) },
      { key: 'open_cases', label: 'Open cases', value: (r) => r.open_cases, render: (r) => `${r.open_cases} of ${r.max_open_cases}` },
      { key: 'trained_on', label: 'Trained on', render: (r) => localDate(r.trained_on) },
      { key: 'last_meeting', label: 'Last meeting', render: (r) => localDate(r.last_meeting) },
    ],
  });
  replace(root, pageHeader('Supporters'), table.element);
}
