// The outreach log: who was supported is never named here, only role and department.
import { api } from '../api.js';
import { replace, localDate } from '../dom.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel } from './common.js';

export async function mountOutreach(root) {
  replace(root, pageHeader('Outreach'), loading('the outreach log'));
  let rows;
  try {
    rows = await api.listOutreaches();
  } catch (error) {
    replace(root, pageHeader('Outreach'), errorPanel(error));
    return;
  }
  const table = dataTable({
    caption: 'Outreach log',
    filterLabel: 'Filter by kind, mode, referral, department, role, supporter or issue',
    emptyText: 'No outreaches logged yet.',
    rows,
    columns: [
      { key: 'occurred_on', label: 'Date', render: (r) => localDate(r.occurred_on) },
      { key: 'kind', label: 'Initial or follow-up' },
      { key: 'mode', label: 'Mode' },
      { key: 'referred_by', label: 'Referred by' },
      { key: 'department', label: 'Department' },
      { key: 'role', label: 'Role' },
      { key: 'supporter', label: 'Supporter' },
      { key: 'issue_types', label: 'Issues', value: (r) => r.issue_types.join(', ') },
    ],
  });
  replace(root, pageHeader('Outreach', `The ${rows.length} most recent`), table.element);
}
