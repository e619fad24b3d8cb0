// The details panel: preview, versions (download, restore) and shares (users, groups, public links).
import * as dav from './dav.js';
import {el, size, date, toast} from './ui.js';

const panel = () => document.getElementById('details');

export async function open(entry, refresh) {
  const box = panel();
  box.hidden = false;
  const body = el('div', {class: 'details-body'});
  box.replaceChildren(
    el('header', {}, el('h2', {id: 'details-name', text: entry.name}),
      el('button', {type: 'button', class: 'plain', 'aria-label': 'Close details', text: '✕', onclick: close})),
    el('p', {class: 'meta', text: entry.isFolder ? 'Folder' : `${size(entry.size)} · ${date(entry.mtime)}`}),
    el('p', {}, el('a', {id: 'details-download', class: 'button',
      href: entry.isFolder ? `/apps/files/download?path=${encodeURIComponent(entry.path)}` : dav.fileURL(entry.path),
      download: entry.isFolder ? `${entry.name}.zip` : entry.name, text: entry.isFolder ? 'Download as zip' : 'Download'})),
    el('div', {id: 'preview', class: 'preview'}),
    el('nav', {class: 'tabs'},
      entry.isFolder ? null : el('button', {type: 'button', id: 'tab-versions', text: 'Versions', onclick: () => versions(entry, body, refresh)}),
      el('button', {type: 'button', id: 'tab-shares', text: 'Sharing', onclick: () => shares(entry, body)})),
    body);
  preview(entry);
  if (entry.isFolder) await shares(entry, body); else await versions(entry, body, refresh);
}

export function close() { panel().hidden = true; }

function preview(entry) {
  const box = document.getElementById('preview');
  if (entry.isFolder) { box.replaceChildren(); return; }
  const url = `/apps/files/preview?path=${encodeURIComponent(entry.path)}&size=512&v=${encodeURIComponent(entry.etag)}`;
  fetch(url, {credentials: 'same-origin'}).then(async (response) => {
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && type.startsWith('image/')) {
      const blob = await response.blob();
      box.replaceChildren(el('img', {id: 'preview-image', alt: `preview of ${entry.name}`, src: URL.createObjectURL(blob)}));
    } else if (response.ok && type.startsWith('text/html')) {
      // the server renders previews as escaped, script-free HTML in a sandboxed frame of its own origin
      box.replaceChildren(el('iframe', {id: 'preview-frame', title: `preview of ${entry.name}`, sandbox: '', src: url}));
    } else {
      box.replaceChildren(el('p', {id: 'no-preview', class: 'meta', text: 'No preview for this file. '}),
        el('a', {href: dav.fileURL(entry.path), download: entry.name, text: 'Download'}));
    }
  }).catch(() => box.replaceChildren(el('p', {class: 'meta', text: 'No preview available.'})));
}

async function versions(entry, body, refresh) {
  body.replaceChildren(el('p', {class: 'meta', text: 'Loading versions…'}));
  try {
    const list = await dav.versions(entry.fileid);
    const rows = list.map((v) => el('li', {class: 'version'},
      el('span', {text: `${date(v.mtime)} · ${size(v.size)}`}),
      el('a', {href: v.href, download: entry.name, text: 'Download'}),
      el('button', {type: 'button', class: 'plain restore-version', text: 'Restore', onclick: async () => {
        await dav.restoreVersion(v.href);
        toast(`Restored the version of ${date(v.mtime)}`);
        await refresh();
      }})));
    body.replaceChildren(el('h3', {text: 'Versions'}),
      rows.length ? el('ul', {id: 'versions', class: 'versions'}, rows) : el('p', {id: 'versions', class: 'meta', text: 'No earlier versions.'}));
  } catch (error) { body.replaceChildren(el('p', {class: 'error', text: error.message})); }
}

const PERMS = [['Read', 1], ['Edit', 2], ['Create', 4], ['Delete', 8], ['Reshare', 16]];

async function shares(entry, body) {
  body.replaceChildren(el('p', {class: 'meta', text: 'Loading shares…'}));
  const reload = () => shares(entry, body);
  try {
    const list = await dav.ocs('GET', 'apps/files_sharing/api/v1/shares', {path: entry.path});
    const search = el('input', {id: 'sharee-search', type: 'search', placeholder: 'Share with a user or group…', 'aria-label': 'Share with'});
    const results = el('ul', {id: 'sharee-results', class: 'sharees'});
    search.addEventListener('input', async () => {
      if (!search.value.trim()) { results.replaceChildren(); return; }
      const found = await dav.ocs('GET', 'apps/files_sharing/api/v1/sharees', {search: search.value.trim(), itemType: entry.isFolder ? 'folder' : 'file'});
      const all = [...found.exact.users, ...found.exact.groups, ...found.users, ...found.groups];
      results.replaceChildren(...all.map((s) => el('li', {}, el('button', {type: 'button', class: 'plain sharee', 'data-share-with': s.value.shareWith,
        text: `${s.label}${s.value.shareType === 1 ? ' (group)' : ''}`, onclick: async () => {
          await dav.ocs('POST', 'apps/files_sharing/api/v1/shares', {path: entry.path, shareType: s.value.shareType, shareWith: s.value.shareWith, permissions: entry.isFolder ? 31 : 19});
          toast(`Shared with ${s.label}`);
          await reload();
        }}))));
    });
    const password = el('input', {id: 'link-password', type: 'password', placeholder: 'Password (optional)', autocomplete: 'new-password', 'aria-label': 'Link password'});
    const expire = el('input', {id: 'link-expire', type: 'date', 'aria-label': 'Link expires on'});
    const mode = el('select', {id: 'link-mode', 'aria-label': 'Link permissions'},
      el('option', {value: 'read', text: 'View and download'}),
      entry.isFolder ? el('option', {value: 'upload', text: 'Allow upload and editing'}) : null,
      entry.isFolder ? el('option', {value: 'drop', text: 'File drop (upload only)'}) : null);
    const create = el('button', {type: 'button', class: 'button', id: 'create-link', text: 'Create public link', onclick: async () => {
      const params = {path: entry.path, shareType: 3};
      if (password.value) params.password = password.value;
      if (expire.value) params.expireDate = expire.value;
      if (mode.value === 'upload') { params.publicUpload = 'true'; params.permissions = 15; }
      if (mode.value === 'drop') { params.publicUpload = 'true'; params.permissions = 4; }
      await dav.ocs('POST', 'apps/files_sharing/api/v1/shares', params);
      toast('Public link created');
      await reload();
    }});
    body.replaceChildren(el('h3', {text: 'Sharing'}), search, results,
      el('ul', {id: 'share-list', class: 'shares'}, list.map((s) => shareRow(s, reload))),
      el('fieldset', {class: 'link-form'}, el('legend', {text: 'Public link'}), mode, password, expire, create));
  } catch (error) { body.replaceChildren(el('p', {class: 'error', text: error.message})); }
}

function shareRow(share, reload) {
  const label = share.share_type === 3 ? `Public link${share.password_protected ? ' (password)' : ''}${share.expiration ? ' until ' + share.expiration.slice(0, 10) : ''}`
    : `${share.share_with_displayname || share.share_with}${share.share_type === 1 ? ' (group)' : ''}`;
  const row = el('li', {class: 'share', 'data-share-id': share.id}, el('span', {text: label}));
  if (share.share_type === 3) {
    row.append(el('input', {class: 'link-url', readonly: true, value: share.url, 'aria-label': 'Link address'}),
      el('button', {type: 'button', class: 'plain copy-link', text: 'Copy link', onclick: async () => {
        try { await navigator.clipboard.writeText(share.url); toast('Link copied'); } catch { toast(share.url); }
      }}));
  } else {
    for (const [name, bit] of PERMS) {
      if (share.item_type === 'file' && (bit === 4 || bit === 8)) continue;
      const box = el('input', {type: 'checkbox', class: `perm perm-${bit}`, checked: (share.permissions & bit) !== 0, disabled: bit === 1,
        onchange: async () => {
          const permissions = box.checked ? share.permissions | bit : share.permissions & ~bit;
          await dav.ocs('PUT', `apps/files_sharing/api/v1/shares/${share.id}`, {permissions});
          await reload();
        }});
      row.append(el('label', {class: 'perm-label'}, box, name));
    }
  }
  row.append(el('button', {type: 'button', class: 'plain unshare', text: 'Unshare', onclick: async () => {
    await dav.ocs('DELETE', `apps/files_sharing/api/v1/shares/${share.id}`);
    await reload();
  }}));
  return row;
}
