// The break-room sign: the department whose consenting peer supporters it names, optionally
// only those of one organization; what the core is asked to lay out, and the file name.
import { h } from '../../dom.js';
import { field, onChange, slug } from './common.js';

/**
 * The sign's options. `departmentsResult` is the settled read of the departments list (the
 * sign is all it serves); `refresh()` draws the preview again and `syncPath()` keeps a
 * suggested file name in step.
 */
export function signItem({ organizations, departmentsResult, refresh, syncPath }) {
  const departments = departmentsResult.status === 'fulfilled' ? departmentsResult.value.filter((d) => !d.retired) : [];
  const department = h('select', { id: 'print-department', name: 'department', disabled: departments.length === 0 },
    departments.length
      ? departments.map((d) => h('option', { value: d.value }, d.value))
      : h('option', { value: '' }, departmentsResult.status === 'rejected' ? 'The departments could not be read' : 'No departments yet'));
  const signOrganization = h('select', { id: 'print-organization', name: 'organization' },
    h('option', { value: '' }, 'All organizations'),
    organizations.map((o) => h('option', { value: String(o.id) }, o.name)));
  const section = h('div', { class: 'print-options', id: 'print-sign-options', hidden: true },
    field(department, 'Department', departmentsResult.status === 'rejected'
      ? `The departments could not be read: ${departmentsResult.reason.message}`
      : departments.length ? null : ['Add departments in ', h('a', { href: '#/settings' }, 'Settings'), ' (lists).']),
    field(signOrganization, 'Organization', 'All organizations, or only the supporters of one.'),
    h('p', { class: 'callout print-note', id: 'print-sign-note' },
      'Only supporters who consented to be named are listed, with their role and work phone (or the program’s line). ',
      'No one else appears, whatever their department; retired supporters never do.'));

  onChange([department, signOrganization], syncPath, refresh);

  return {
    section,
    request: () => ({ department: department.value,
      organization_id: signOrganization.value ? Number(signOrganization.value) : null }),
    fileName() {
      const organization = signOrganization.value ? organizations.find((o) => String(o.id) === signOrganization.value)?.name : '';
      return `sign-${slug(department.value) || 'department'}${organization ? `-${slug(organization)}` : ''}.pdf`;
    },
  };
}
