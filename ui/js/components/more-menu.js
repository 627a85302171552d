// "More": the rare actions of a screen behind one button, in named groups, so the everyday
// ones stand alone. A <details> element: Enter or Space opens it, Tab walks its buttons,
// Escape closes it and gives focus back to "More". Choosing an action closes it too.
import { h } from '../dom.js';

/** groups: [[heading, [button, …]], …]; empty groups are left out. */
export function moreMenu(groups, { id = 'more-actions', label = 'More' } = {}) {
  const summary = h('summary', { class: 'button-link', id: `${id}-toggle` }, label, h('span', { 'aria-hidden': 'true' }, ' ▾'));
  const shown = groups.filter(([, buttons]) => buttons.length);
  const menu = h('details', { class: 'more-menu', id },
    summary,
    h('div', { class: 'more-menu-panel' }, shown.map(([heading, buttons], index) => {
      const headingId = `${id}-group-${index}`;
      return h('div', { class: 'more-menu-group', role: 'group', 'aria-labelledby': headingId },
        h('p', { class: 'more-menu-heading', id: headingId }, heading), buttons);
    })));
  menu.addEventListener('click', (event) => {
    if (event.target.closest('.more-menu-panel button')) menu.open = false;
  });
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      event.preventDefault();
      menu.open = false;
      summary.focus();
    }
  });
  return menu;
}

/** Where focus goes back to after an action chosen from a menu that has closed since. */
export function focusTarget(trigger) {
  if (!trigger || trigger.offsetParent !== null) return trigger;
  return trigger.closest('details')?.querySelector('summary') ?? trigger;
}
