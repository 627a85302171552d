// The break-room sign: the department whose consenting peer supporters it names, optionally
// only those of one organization; what the core is asked to lay out, and the file name.
import { h, localDate } from '../../dom.js';
import { field, onChange, slug } from './common.js';

/**
 * The sign's options. `departmentsResult` is the settled read of the departments list (the
 * sign is all it serves); `refresh()` draws the preview again and `syncPath()` keeps a
 * suggested file name in step.
 */
export function signItem({ organizations, departmentsResult, preset = null, toReprint = [], refresh, syncPath }) {
  const departments = departmentsResult.status === 'fulfilled' ? departmentsResult.value.filter((d) => !d.retired) : [];
  // A sign to print again may be for a department retired since: it is offered all the same.
  const offered = departments.map((d) => d.value);
  for (const name of [preset?.department, ...toReprint.map((s) => s.department)]) {
    if (name && !offered.includes(name)) offered.push(name);
  }
  const department = h('select', { id: 'print-department', name: 'department', disabled: offered.length === 0 },
    offered.length
      ? offered.map((value) => h('option', { value, selected: value === preset?.department }, value))
      : h('option', { value: '' }, departmentsResult.status === 'rejected' ? 'The departments could not be read' : 'No departments yet'));
  const signOrganization = h('select', { id: 'print-organization', name: 'organization' },
    h('option', { value: '' }, 'All organizations'),
    organizations.map((o) => h('option', { value: String(o.id), selected: String(o.id) === String(preset?.organizationId ?? '') }, o.name)));
  // Signs on a wall that name someone who withdrew consent: one click chooses each again.
  const area = (s) => (s.organization ? `${s.department} · ${s.organization}` : s.department);
  const choose = (s) => {
    department.value = s.department;
    signOrganization.value = s.organization_id ? String(s.organization_id) : '';
    syncPath();
    refresh();
    department.focus();
  };
  const reprints = toReprint.length
    ? h('div', { class: 'callout print-reprints', id: 'print-reprints', role: 'note' },
      h('p', {}, h('strong', {}, h('span', { 'aria-hidden': 'true' }, '⚠ '),
        toReprint.length === 1 ? 'A sign on a wall names someone who withdrew consent' : `${toReprint.length} signs on walls name someone who withdrew consent`),
      toReprint.length === 1 ? ' — print it again and replace it:' : ' — print them again and replace them:'),
      h('ul', { class: 'plain' }, toReprint.map((s) => h('li', {},
        h('button', { type: 'button', class: 'link', id: `print-reprint-${s.id}`, onclick: () => choose(s) }, area(s)),
        ` (printed ${localDate(s.printed_at, { dayOnly: true })}; names ${s.withdrawn.map((w) => w.name).join(', ')})`))))
    : null;
  const section = h('div', { class: 'print-options', id: 'print-sign-options', hidden: true },
    reprints,
    field(department, 'Department', departmentsResult.status === 'rejected'
      ? `The departments could not be read: ${departmentsResult.reason.message}`
      : offered.length ? null : ['Add departments in ', h('a', { href: '#/settings' }, 'Settings'), ' (lists).']),
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
