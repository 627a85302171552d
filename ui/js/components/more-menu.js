// "More": the rare actions of a screen behind one button, in named groups, so the everyday
// ones stand alone. A <details> element: Enter or Space opens it, Tab walks its buttons,
// Escape closes it and gives focus back to "More". Choosing an action, tabbing out of it or
// clicking elsewhere closes it too.
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
  // Leaving the menu closes it: Tab past its last button, or a click anywhere else. (The
  // document listener goes with the menu: it removes itself once the menu has left the page.)
  menu.addEventListener('focusout', (event) => {
    if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });
  const outside = (event) => {
    if (!menu.isConnected) document.removeEventListener('click', outside);
    else if (menu.open && !menu.contains(event.target)) menu.open = false;
  };
  document.addEventListener('click', outside);
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      event.preventDefault();
      menu.open = false;
      summary.focus();
    }
  });
  return menu;
}

/** Where focus goes back to after an action chosen from a menu that has closed since: its
 * "More" button (a button inside a closed menu cannot take the focus). */
export function focusTarget(trigger) {
  const closed = trigger?.closest('details:not([open])');
  return closed?.querySelector('summary') ?? trigger;
}
