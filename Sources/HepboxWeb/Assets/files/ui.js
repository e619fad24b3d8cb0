// Small DOM helpers: elements from text only (never HTML from data), dialogs, toasts, sizes and dates.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else if (value === true) node.setAttribute(key, '');
    else if (value !== false && value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export function size(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes, unit = -1;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function date(ms) {
  return ms ? new Date(ms).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) : '';
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 3000);
}

/// A modal dialog with `content` and buttons; resolves with the value of the button pressed (or null on Esc).
export function dialog(title, content, buttons = [['Cancel', null], ['OK', true]]) {
  const box = document.getElementById('dialog');
  box.replaceChildren(el('h2', {text: title}), content,
    el('div', {class: 'buttons'}, buttons.map(([label, value], i) =>
      el('button', {type: 'button', class: i === buttons.length - 1 ? 'button' : 'plain', 'data-value': String(value), text: label,
        onclick: () => { box.returnValue = JSON.stringify(value); box.close(); }}))));
  return new Promise((resolve) => {
    box.onclose = () => { resolve(box.returnValue ? JSON.parse(box.returnValue) : null); box.returnValue = ''; };
    box.returnValue = '';
    box.showModal();
  });
}

export async function prompt(title, label, value = '') {
  const input = el('input', {id: 'dialog-input', value, 'aria-label': label});
  const form = el('form', {onsubmit: (e) => { e.preventDefault(); document.querySelector('#dialog .buttons .button').click(); }},
    el('label', {for: 'dialog-input', text: label}), input);
  setTimeout(() => { input.focus(); input.select(); }, 0);
  const ok = await dialog(title, form);
  return ok ? input.value.trim() : null;
}

/// The icon of an entry's type (`/static/icons/<kind>.svg`).
export function kindIcon(entry) {
  if (entry.isFolder) return 'folder';
  const ext = entry.name.split('.').pop().toLowerCase();
  if (['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'tif', 'tiff'].includes(ext)) return 'image';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'ipynb') return 'notebook';
  if (['root', 'h5', 'hdf5', 'parquet', 'csv', 'dat'].includes(ext)) return 'data';
  if (['zip', 'gz', 'tar', 'xz', 'zst', 'bz2'].includes(ext)) return 'archive';
  if (['py', 'c', 'cc', 'cpp', 'h', 'swift', 'sh', 'js', 'json', 'yaml', 'yml', 'md', 'tex', 'C'].includes(ext)) return 'code';
  return 'file';
}
