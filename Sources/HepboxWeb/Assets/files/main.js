// The file manager: views (files, favorites, shared with me / by me, trash, search), selection and actions.
import * as dav from './dav.js';
import * as details from './details.js';
import {pickFolder} from './picker.js';
import {uploadAll, pending} from './upload.js';
import {el, size, date, toast, dialog, prompt, kindIcon} from './ui.js';

const state = {view: 'files', dir: '/', entries: [], sort: {key: 'name', asc: true}, selected: new Set(), query: ''};
const $ = (id) => document.getElementById(id);

function fromURL() {
  const params = new URLSearchParams(location.search);
  state.view = params.get('view') || 'files';
  state.dir = params.get('dir') || '/';
  state.query = params.get('q') || '';
}

function go(view, dir = '/', q = '') {
  const params = new URLSearchParams({view});
  if (view === 'files') params.set('dir', dir);
  if (q) params.set('q', q);
  history.pushState(null, '', '/apps/files/?' + params);
  fromURL();
  return load();
}

async function load() {
  state.selected.clear();
  details.close();
  for (const link of document.querySelectorAll('#nav a')) link.toggleAttribute('aria-current', link.dataset.view === state.view);
  try {
    if (state.view === 'files') {
      const {folder, children} = await dav.list(state.dir);
      state.entries = children;
      state.folder = folder;
      quota(folder);
    } else if (state.view === 'favorites') {
      state.entries = await dav.favorites();
    } else if (state.view === 'trash') {
      state.entries = await dav.trash();
    } else if (state.view === 'search') {
      state.entries = state.query ? await dav.search(state.query) : [];
    } else {
      const received = state.view === 'shared-with-me';
      let shares = await dav.ocs('GET', 'apps/files_sharing/api/v1/shares', received ? {shared_with_me: 'true'} : {});
      // A folder that reaches you through several shares (directly and through groups) is one entry.
      if (received) shares = shares.filter((s, i) => shares.findIndex((t) => t.file_target === s.file_target) === i);
      state.entries = shares.map((s) => ({
        name: (state.view === 'shared-with-me' ? s.file_target : s.path).split('/').pop(),
        path: state.view === 'shared-with-me' ? s.file_target : s.path, isFolder: s.item_type === 'folder',
        size: s.item_size, mtime: s.item_mtime * 1000, permissions: '', shareLabel: s.share_type === 3 ? 'public link' :
          (state.view === 'shared-with-me' ? `from ${s.displayname_owner}` : `with ${s.share_with_displayname}`),
      }));
    }
  } catch (error) {
    state.entries = [];
    toast(error.message, 'error');
  }
  render();
}

function quota(folder) {
  if (state.dir !== '/' || !folder) return;
  const used = folder.quotaUsed, free = folder.quotaAvailable;
  const bar = $('quota-bar');
  $('quota-text').textContent = free >= 0 ? `${size(used)} of ${size(used + free)} used` : `${size(used)} used`;
  bar.hidden = free < 0;
  if (free >= 0) bar.value = used / Math.max(1, used + free);
}

function sorted() {
  const {key, asc} = state.sort;
  const factor = asc ? 1 : -1;
  return [...state.entries].sort((a, b) => {
    if (a.isFolder !== b.isFolder) return a.isFolder ? -1 : 1;
    const x = key === 'name' ? a.name.localeCompare(b.name) : (a[key] ?? 0) - (b[key] ?? 0);
    return x * factor;
  });
}

function render() {
  renderCrumbs();
  const trash = state.view === 'trash';
  $('toolbar-files').hidden = state.view !== 'files';
  $('empty-trash').hidden = !trash;
  for (const th of document.querySelectorAll('#file-list th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === state.sort.key ? (state.sort.asc ? 'ascending' : 'descending') : 'none');
  }
  const rows = sorted().map((entry) => row(entry, trash));
  $('file-rows').replaceChildren(...rows);
  $('empty-state').hidden = rows.length > 0;
  selectionChanged();
}

function renderCrumbs() {
  const crumbs = $('breadcrumbs');
  if (state.view !== 'files') {
    const titles = {favorites: 'Favorites', trash: 'Deleted files', 'shared-with-me': 'Shared with me', 'shared-by-me': 'Shared by me', search: `Search: ${state.query}`};
    crumbs.replaceChildren(el('span', {text: titles[state.view] || ''}));
    return;
  }
  const parts = state.dir.split('/').filter(Boolean);
  const items = [el('a', {href: '?view=files&dir=/', text: 'Home', onclick: (e) => { e.preventDefault(); go('files', '/'); }})];
  parts.forEach((part, i) => {
    const path = '/' + parts.slice(0, i + 1).join('/');
    items.push(' / ', el('a', {href: `?view=files&dir=${encodeURIComponent(path)}`, text: part, onclick: (e) => { e.preventDefault(); go('files', path); }}));
  });
  crumbs.replaceChildren(...items);
}

function row(entry, trash) {
  const open = () => {
    if (trash) return;
    if (entry.isFolder) go('files', entry.path); else details.open(entry, load);
  };
  const checkbox = el('input', {type: 'checkbox', class: 'select', 'aria-label': `select ${entry.name}`, onchange: () => {
    if (checkbox.checked) state.selected.add(entry); else state.selected.delete(entry);
    selectionChanged();
  }});
  const name = el('a', {class: 'name', href: entry.isFolder ? `?view=files&dir=${encodeURIComponent(entry.path)}` : dav.fileURL(entry.path),
    text: trash ? entry.trashName || entry.name : entry.name, onclick: (e) => { e.preventDefault(); open(); }});
  const star = el('button', {type: 'button', class: `plain favorite${entry.favorite ? ' on' : ''}`, 'aria-pressed': String(!!entry.favorite),
    'aria-label': `favorite ${entry.name}`, text: entry.favorite ? '★' : '☆', onclick: async () => {
      await dav.setFavorite(entry.path, !entry.favorite);
      entry.favorite = !entry.favorite;
      render();
    }});
  const actions = trash
    ? el('td', {class: 'actions'},
      el('button', {type: 'button', class: 'plain restore', text: 'Restore', onclick: async () => { await dav.restoreTrash(entry.href); toast(`Restored ${entry.trashName}`); load(); }}),
      el('button', {type: 'button', class: 'plain delete-forever', text: 'Delete', onclick: async () => { await dav.deleteTrash(entry.href); load(); }}))
    : el('td', {class: 'actions'},
      state.view === 'files' ? star : null,
      entry.shareLabel ? el('span', {class: 'meta', text: entry.shareLabel}) : null,
      el('button', {type: 'button', class: 'plain details', 'aria-label': `details of ${entry.name}`, text: 'Details', onclick: () => details.open(entry, load)}),
      state.view === 'files' ? el('button', {type: 'button', class: 'plain rename', 'aria-label': `rename ${entry.name}`, text: 'Rename', onclick: () => rename(entry)}) : null);
  const tr = el('tr', {'data-path': entry.path, 'data-name': trash ? entry.trashName || entry.name : entry.name, tabindex: '0', onkeydown: (e) => {
    if (e.key === 'Enter' && e.target === tr) open();
    if (e.key === 'Delete' && e.target === tr) removeEntries([entry]);
  }},
  el('td', {}, checkbox),
  el('td', {class: 'name-cell'}, el('img', {class: 'icon', alt: '', src: `/static/icons/${kindIcon(entry)}.svg`}), name),
  el('td', {class: 'size', text: entry.isFolder && !entry.size ? '' : size(entry.size)}),
  el('td', {class: 'mtime', text: trash ? date(entry.trashTime * 1000) : date(entry.mtime)}),
  actions);
  return tr;
}

function selectionChanged() {
  const count = state.selected.size;
  $('selection-bar').hidden = count === 0 || state.view === 'trash';
  $('selection-count').textContent = `${count} selected`;
}

async function rename(entry) {
  const name = await prompt('Rename', 'New name', entry.name);
  if (!name || name === entry.name) return;
  if (name.includes('/')) { toast('A name cannot contain "/"', 'error'); return; }
  await act(() => dav.move(entry.path, parentOf(entry.path) + name), `Renamed to ${name}`);
}

const parentOf = (path) => path.slice(0, path.lastIndexOf('/') + 1);

async function act(fn, message) {
  try { await fn(); if (message) toast(message); } catch (error) { toast(error.message, 'error'); }
  await load();
}

async function removeEntries(entries) {
  const ok = await dialog('Delete', el('p', {text: `Move ${entries.length === 1 ? entries[0].name : entries.length + ' items'} to the trash?`}), [['Cancel', null], ['Delete', true]]);
  if (!ok) return;
  await act(async () => { for (const e of entries) await dav.remove(e.path); }, 'Moved to the trash');
}

async function transfer(entries, kind) {
  const target = await pickFolder(kind === 'move' ? 'Move to' : 'Copy to', state.dir);
  if (target === null) return;
  const base = target === '/' ? '/' : target + '/';
  await act(async () => { for (const e of entries) await (kind === 'move' ? dav.move : dav.copy)(e.path, base + e.name); },
    `${kind === 'move' ? 'Moved' : 'Copied'} to ${target}`);
}

function startUpload(files) {
  if (!files.length) return;
  if (state.view !== 'files') { toast('Open a folder to upload into', 'error'); return; }
  uploadAll(files, state.dir, $('upload-list'), (errors) => {
    toast(errors.length ? `${errors.length} upload(s) failed: ${errors[0].message}` : `Uploaded ${files.length} file(s)`, errors.length ? 'error' : 'info');
    load();
  });
}

function wire() {
  for (const link of document.querySelectorAll('#nav a')) {
    link.addEventListener('click', (e) => { e.preventDefault(); go(link.dataset.view, '/'); });
  }
  for (const th of document.querySelectorAll('#file-list th[data-sort] button')) {
    th.addEventListener('click', () => {
      const key = th.parentElement.dataset.sort;
      state.sort = {key, asc: state.sort.key === key ? !state.sort.asc : true};
      render();
    });
  }
  $('new-folder').addEventListener('click', async () => {
    const name = await prompt('New folder', 'Folder name');
    if (name) await act(() => dav.mkcol((state.dir === '/' ? '' : state.dir) + '/' + name), `Created ${name}`);
  });
  $('upload-button').addEventListener('click', () => $('upload-input').click());
  $('upload-input').addEventListener('change', (e) => { startUpload([...e.target.files]); e.target.value = ''; });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    startUpload([...(e.dataTransfer?.files || [])]);
  });
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); const q = $('search-input').value.trim(); if (q) go('search', '/', q); });
  $('select-all').addEventListener('change', (e) => {
    for (const box of document.querySelectorAll('#file-rows .select')) { box.checked = e.target.checked; box.dispatchEvent(new Event('change')); }
  });
  $('bulk-delete').addEventListener('click', () => removeEntries([...state.selected]));
  $('bulk-move').addEventListener('click', () => transfer([...state.selected], 'move'));
  $('bulk-copy').addEventListener('click', () => transfer([...state.selected], 'copy'));
  $('bulk-download').addEventListener('click', () => {
    for (const e of state.selected) {
      const a = el('a', {href: e.isFolder ? `/apps/files/download?path=${encodeURIComponent(e.path)}` : dav.fileURL(e.path), download: e.name});
      document.body.append(a); a.click(); a.remove();
    }
  });
  $('empty-trash').addEventListener('click', async () => {
    if (await dialog('Empty the trash', el('p', {text: 'Delete everything in the trash for good?'}), [['Cancel', null], ['Empty', true]])) {
      await act(() => dav.emptyTrash(), 'The trash is empty');
    }
  });
  $('theme-toggle').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('hepbox.theme', next);
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') details.close(); });
  window.addEventListener('popstate', () => { fromURL(); load(); });
  const theme = localStorage.getItem('hepbox.theme');
  if (theme) document.documentElement.dataset.theme = theme;
  const waiting = pending();
  if (waiting.length) toast(`${waiting.length} upload(s) were interrupted: choose the same file(s) again to resume.`);
}

wire();
fromURL();
load();
