// Print: the organizations printed material is made for (host and co-branding partners).
import { api } from '../api.js';
import { h, replace, localDate, count } from '../dom.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel, colorSwatch } from './common.js';

export async function mountPrint(root) {
  replace(root, pageHeader('Print'), loading('the organizations'));
  let rows;
  try {
    rows = await api.listOrganizations();
  } catch (error) {
    replace(root, pageHeader('Print'), errorPanel(error));
    return;
  }
  const table = dataTable({
    caption: 'Organizations',
    filterLabel: 'Filter organizations',
    emptyText: 'No organizations yet: the host program and its partners appear here.',
    rows,
    columns: [
      { key: 'name', label: 'Organization' },
      { key: 'is_host', label: 'Host or partner', value: (r) => (r.is_host ? 'host program' : 'partner') },
      { key: 'co_branding', label: 'Co-brands materials', value: (r) => (r.co_branding ? 'yes' : 'no') },
      { key: 'brand_color', label: 'Brand colour', render: (r) => (r.brand_color ? colorSwatch(r.brand_color) : '—') },
      { key: 'supporters', label: 'Supporters', value: (r) => r.supporters, render: (r) => count(r.supporters) },
      { key: 'materials_sent_on', label: 'Materials last sent', render: (r) => localDate(r.materials_sent_on) },
    ],
  });
  replace(root, pageHeader('Print'),
    h('p', {}, 'Flyers and break-room signs are made per organization. These are the host program and its partners.'),
    table.element);
}
