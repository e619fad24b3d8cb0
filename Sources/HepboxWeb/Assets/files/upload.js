// Uploads with a progress bar per file and overall. Small files go up in one PUT; large ones through the chunked
// upload tree (/remote.php/dav/uploads/<user>/<id>/, chunks named by byte offset, then MOVE .file), and are
// resumable after a reload: the upload folder is remembered in localStorage and the chunks already on the server
// are skipped when the same file is chosen again.
import {user, fileURL, request, parseEntries} from './dav.js';

const CHUNK = 10 * 1024 * 1024;
const STORE = 'hepbox.uploads';
const uploadsBase = () => '/remote.php/dav/uploads/' + encodeURIComponent(user);

function remembered() { try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch { return {}; } }
function remember(key, value) {
  const all = remembered();
  if (value === undefined) delete all[key]; else all[key] = value;
  localStorage.setItem(STORE, JSON.stringify(all));
}
const keyOf = (file, target) => `${target}|${file.size}|${file.lastModified}`;

/// Unfinished chunked uploads (for the "resume" hint after a reload).
export function pending() { return Object.entries(remembered()).map(([key, id]) => ({target: key.split('|')[0], id})); }

function put(url, body, onProgress, headers = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('requesttoken', document.getElementById('app').dataset.requesttoken);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`upload failed (${xhr.status}): ${xhr.responseText.match(/<s:message>([^<]*)/)?.[1] || xhr.statusText}`)));
    xhr.onerror = () => reject(new Error('the connection was lost'));
    xhr.send(body);
  });
}

async function chunked(file, target, onProgress) {
  const key = keyOf(file, target);
  let id = remembered()[key];
  let done = new Map();
  if (id) {
    try {
      const response = await request('PROPFIND', `${uploadsBase()}/${id}/`, {headers: {Depth: '1'}});
      for (const chunk of parseEntries(await response.text(), '').slice(1)) done.set(Number(chunk.name), chunk.size);
    } catch { id = undefined; done = new Map(); }
  }
  if (!id) {
    id = 'web-' + crypto.getRandomValues(new Uint32Array(2)).join('');
    await request('MKCOL', `${uploadsBase()}/${id}`, {headers: {'OC-Total-Length': String(file.size)}});
    remember(key, id);
  }
  let sent = 0;
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    const end = Math.min(offset + CHUNK, file.size);
    const name = String(offset).padStart(15, '0');
    if (done.get(offset) === end - offset || done.get(Number(name)) === end - offset) { sent += end - offset; onProgress(sent); continue; }
    await put(`${uploadsBase()}/${id}/${name}`, file.slice(offset, end), (loaded) => onProgress(sent + loaded));
    sent += end - offset;
  }
  await request('MOVE', `${uploadsBase()}/${id}/.file`, {headers: {
    Destination: location.origin + fileURL(target), 'OC-Total-Length': String(file.size),
    'X-OC-Mtime': String(Math.floor(file.lastModified / 1000)),
  }});
  remember(key, undefined);
}

/// Uploads `files` into `folder`, drawing progress into `list` (an element); resolves when all are done.
export async function uploadAll(files, folder, list, onDone) {
  const total = files.reduce((n, f) => n + f.size, 0) || 1;
  const loaded = new Map();
  const overall = document.getElementById('upload-overall');
  overall.hidden = false;
  const update = () => { overall.value = [...loaded.values()].reduce((a, b) => a + b, 0) / total; };
  const errors = [];
  for (const file of files) {
    const row = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = file.name;
    const bar = document.createElement('progress');
    bar.max = 1; bar.value = 0;
    bar.setAttribute('aria-label', `upload of ${file.name}`);
    row.append(label, bar);
    list.append(row);
    const target = (folder === '/' ? '' : folder) + '/' + (file.relativePath || file.name);
    const progress = (n) => { bar.value = file.size ? n / file.size : 1; loaded.set(file, n); update(); };
    try {
      if (file.size > CHUNK) await chunked(file, target, progress);
      else await put(fileURL(target), file, progress, {'X-OC-Mtime': String(Math.floor(file.lastModified / 1000))});
      progress(file.size);
      row.classList.add('done');
    } catch (error) {
      row.classList.add('failed');
      label.textContent = `${file.name}: ${error.message}`;
      errors.push(error);
    }
  }
  overall.hidden = true;
  setTimeout(() => { for (const done of list.querySelectorAll('li.done')) done.remove(); }, 4000);
  onDone(errors);
}
