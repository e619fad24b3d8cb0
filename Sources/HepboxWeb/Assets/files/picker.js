// A folder picker for move and copy: browse folders of the user's tree, choose one.
import * as dav from './dav.js';
import {el, dialog} from './ui.js';

export async function pickFolder(title, start = '/') {
  let current = start;
  const crumbs = el('p', {class: 'picker-path', id: 'picker-path'});
  const list = el('ul', {class: 'picker', id: 'picker-list'});
  async function show(path) {
    current = path;
    crumbs.textContent = path;
    const {children} = await dav.list(path);
    const rows = children.filter((c) => c.isFolder).map((c) =>
      el('li', {}, el('button', {type: 'button', class: 'plain', 'data-path': c.path, text: c.name, onclick: () => show(c.path)})));
    if (path !== '/') {
      const parent = path.split('/').slice(0, -1).join('/') || '/';
      rows.unshift(el('li', {}, el('button', {type: 'button', class: 'plain', text: '⬆ up', onclick: () => show(parent)})));
    }
    list.replaceChildren(...rows);
  }
  await show(start);
  const ok = await dialog(title, el('div', {}, crumbs, list), [['Cancel', null], ['Choose this folder', true]]);
  return ok ? current : null;
}
