// The flyer, co-branded with a partner organization: the partner to print it for (with that
// partner's wording, flyer-wording.js), what the core is asked to lay out, and the file name.
import { h } from '../../dom.js';
import { field, onChange, slug } from './common.js';
import { flyerWording } from './flyer-wording.js';

/**
 * The flyer's options. `refresh(options)` and `schedule()` draw the preview again (at once, or
 * after a pause in typing); `syncPath()` keeps a suggested file name in step; `alive()` is
 * false once the screen was left.
 */
export function flyerItem({ organizations, reporting, alive, refresh, schedule, syncPath }) {
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

  function partnerId() {
    return partner.value ? Number(partner.value) : null;
  }

  function partnerName(id = partnerId()) {
    return organizations.find((o) => o.id === id)?.name ?? '';
  }

  const wording = flyerWording({ partnerId, partnerName, reporting, alive, refresh, schedule });
  // The batch's source code in the QR link: requests from this batch are counted by it.
  const source = h('input', { id: 'print-flyer-source', name: 'source', maxlength: '40', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'the partner and the month' });

  const section = h('div', { class: 'print-options', id: 'print-flyer-options' },
    field(partner, 'Partner organization', organizations.length
      ? 'Co-branding partners are listed first. Their logo sits beside the program’s; the brand colour is the host program’s.'
      : reporting
        ? 'The coordinator adds the host program and its partners in Settings.'
        : ['Add the host program and its partners in ', h('a', { href: '#/settings' }, 'Settings'), ' first.']),
    field(source, 'Source code in the QR link',
      'Where this batch hangs, like icu-2026-12: the request form keeps it and the reports count requests by it. Empty: the partner and the month.'),
    wording.nodes);

  onChange([partner], syncPath, () => refresh({ clear: true }));
  source.addEventListener('input', () => schedule());

  return {
    section,
    /** The flyer's part of the request: the partner, and the wording the fields hold for it. */
    request() {
      const id = partnerId();
      return { partner_id: id, source: source.value, text: id !== null && wording.showing() === id ? wording.text() : null };
    },
    fileName: (paper) => `flyer-${slug(partnerName()) || 'partner'}-${paper}.pdf`,
    /** Loads the partner's wording into the fields first when they hold another's; else null. */
    prepare() {
      const id = partnerId();
      return id !== null && wording.showing() !== id ? wording.load(id) : null;
    },
  };
}
