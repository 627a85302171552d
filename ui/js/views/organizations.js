// Settings → Organizations: the host program and its partners, each with its logo (chosen
// with the native dialog, checked and stored in the database), brand colour and co-branding.
import { api } from '../api.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import { toast } from '../components/toast.js';
import { formField, filePicker, showSaveError } from '../components/form.js';
import { colorSwatch } from './common.js';

export async function organizationsCard() {
  const card = h('section', { class: 'card', id: 'organizations' }, h('h2', {}, 'Organizations'));
  const body = h('div');
  card.append(body);

  async function draw(editing = null) {
    let orgs;
    try {
      orgs = await api.listOrganizations();
    } catch (error) {
      replace(body, h('p', { class: 'form-error' }, error.message));
      return;
    }
    const logos = await Promise.all(orgs.map((o) => (o.has_logo ? api.organizationLogo(o.id).catch(() => null) : null)));
    const rows = orgs.map((o, i) => h('tr', {},
      h('td', {}, logos[i] ? h('img', { src: logos[i], alt: `${o.name} logo`, class: 'logo-thumb' }) : h('span', { class: 'muted' }, 'no logo')),
      h('td', {}, h('strong', {}, o.name), o.short_name ? h('span', { class: 'muted' }, ` (${o.short_name})`) : null),
      h('td', {}, o.is_host ? 'Host program' : o.co_branding ? 'Co-branding partner' : 'Member'),
      h('td', {}, o.brand_color ? colorSwatch(o.brand_color) : '—'),
      h('td', {}, localDate(o.materials_sent_on)),
      h('td', { class: 'num' }, String(o.supporters)),
      h('td', {}, h('button', { type: 'button', class: 'small', onclick: () => draw(o) }, 'Edit'))));
    replace(body,
      orgs.length ? h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Logo', 'Name', 'Kind', 'Colour', 'Materials sent', 'Supporters', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, rows)))
        : h('p', { class: 'empty-state' }, 'No organization yet. Start with your own program: the first one added is the host.'),
      editor(editing, () => draw()));
  }

  function editor(org, done) {
    const value = (key) => (org ? org[key] ?? '' : '');
    const name = h('input', { type: 'text', value: value('name'), autocomplete: 'off' });
    const short = h('input', { type: 'text', value: value('short_name'), maxlength: 30, autocomplete: 'off' });
    const colorText = h('input', { type: 'text', value: value('brand_color'), placeholder: '#2F6F8F', maxlength: 7, autocomplete: 'off' });
    const colorWheel = h('input', { type: 'color', value: value('brand_color') || '#2f6f8f', 'aria-label': 'Pick the colour',
      oninput: () => { colorText.value = colorWheel.value.toUpperCase(); } });
    const partner = h('input', { type: 'checkbox', checked: org ? org.co_branding : false, id: 'f-co_branding' });
    const sent = h('input', { type: 'date', value: value('materials_sent_on'), max: todayIso() });
    const logo = filePicker('logo', 'Logo', 'picture', api.pickFile, 'PNG or JPEG, at most 2 MB. Stored inside the encrypted database.');
    const general = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'org-editor', novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      const input = { name: name.value, short_name: short.value, brand_color: colorText.value, co_branding: partner.checked, materials_sent_on: sent.value };
      try {
        const logoPath = logo.input.value.trim() || null;
        if (org) await api.updateOrganization(org.id, input, logoPath);
        else await api.addOrganization(input, logoPath);
        toast(org ? 'Organization saved.' : `${input.name.trim()} added.`);
        done();
      } catch (error) {
        showSaveError(form, error, general);
      }
    } },
    h('h3', {}, org ? `Edit ${org.name}` : 'Add an organization'),
    h('div', { class: 'form-grid' },
      formField('org-name', 'Name', name), formField('org-short', 'Short name', short),
      formField('brand_color', 'Brand colour', colorText, 'A colour code such as #2F6F8F, or pick the colour on the right.'), h('div', { class: 'field' }, h('label', {}, 'Or pick it'), colorWheel),
      formField('materials_sent_on', 'Materials last sent', sent),
      h('div', { class: 'field' }, h('label', { class: 'inline', for: 'f-co_branding' }, partner, 'Co-brands the program’s flyer')),
      h('div', { class: 'field wide' }, logo.element)),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'save-organization' }, org ? 'Save' : 'Add organization'),
      org?.has_logo ? h('button', { type: 'button', onclick: async () => {
        try {
          await api.removeOrganizationLogo(org.id);
          done();
        } catch (error) {
          replace(general, error.message);
        }
      } }, 'Remove the logo') : null,
      org ? h('button', { type: 'button', onclick: done }, 'Cancel') : null),
    general);
    if (org) queueMicrotask(() => name.focus());
    return form;
  }

  await draw();
  return card;
}
