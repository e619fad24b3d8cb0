// WebDAV and OCS calls of the file manager. Every request carries the session's CSRF token (requesttoken).
const app = document.getElementById('app');
export const user = app.dataset.user;
const requestToken = app.dataset.requesttoken;
export const filesBase = '/remote.php/dav/files/' + encodeURIComponent(user);
const NS = {d: 'DAV:', oc: 'http://owncloud.org/ns', nc: 'http://nextcloud.org/ns'};

export function encodePath(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function fileURL(path) { return filesBase + encodePath(path); }

export async function request(method, url, {headers = {}, body} = {}) {
  const response = await fetch(url, {method, body, credentials: 'same-origin', headers: {requesttoken: requestToken, ...headers}});
  if (!response.ok && response.status !== 207) {
    const text = await response.text();
    const message = text.match(/<s:message>([^<]*)<\/s:message>/)?.[1] || text.match(/"message":"([^"]*)"/)?.[1] || response.statusText;
    throw new Error(`${method} failed (${response.status}): ${decodeEntities(message)}`);
  }
  return response;
}

function decodeEntities(s) {
  const t = document.createElement('textarea');
  t.innerHTML = s;  // a detached textarea never runs scripts; it only decodes entities
  return t.value;
}

const PROPS = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>' +
  '<d:getlastmodified/><d:getetag/><d:getcontenttype/><d:resourcetype/><d:getcontentlength/><oc:fileid/>' +
  '<oc:permissions/><oc:size/><oc:favorite/><oc:share-types/><d:quota-used-bytes/><d:quota-available-bytes/></d:prop></d:propfind>';

function text(el, ns, name) { return el.getElementsByTagNameNS(NS[ns], name)[0]?.textContent ?? ''; }

export function parseEntries(xml, base) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out = [];
  for (const response of doc.getElementsByTagNameNS(NS.d, 'response')) {
    const href = decodeURIComponent(text(response, 'd', 'href'));
    const isFolder = response.getElementsByTagNameNS(NS.d, 'collection').length > 0;
    const path = href.startsWith(base) ? href.slice(base.length) : href;
    const clean = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
    out.push({
      href, path: clean || '/', name: clean.split('/').pop(), isFolder,
      size: Number(text(response, 'oc', 'size') || text(response, 'd', 'getcontentlength') || 0),
      mtime: Date.parse(text(response, 'd', 'getlastmodified')) || 0,
      etag: text(response, 'd', 'getetag'), fileid: text(response, 'oc', 'fileid'),
      permissions: text(response, 'oc', 'permissions'), favorite: text(response, 'oc', 'favorite') === '1',
      shareTypes: [...response.getElementsByTagNameNS(NS.oc, 'share-type')].map((e) => Number(e.textContent)),
      contentType: text(response, 'd', 'getcontenttype'),
      quotaUsed: Number(text(response, 'd', 'quota-used-bytes') || 0),
      quotaAvailable: Number(text(response, 'd', 'quota-available-bytes') || -3),
      trashName: text(response, 'nc', 'trashbin-filename'), trashLocation: text(response, 'nc', 'trashbin-original-location'),
      trashTime: Number(text(response, 'nc', 'trashbin-deletion-time') || 0),
    });
  }
  return out;
}

export async function list(path) {
  const url = fileURL(path.endsWith('/') ? path : path + '/');
  const response = await request('PROPFIND', url, {headers: {Depth: '1', 'Content-Type': 'application/xml'}, body: PROPS});
  const entries = parseEntries(await response.text(), filesBase);
  return {folder: entries[0], children: entries.slice(1)};
}

export const mkcol = (path) => request('MKCOL', fileURL(path));
export const remove = (path) => request('DELETE', fileURL(path));
export const move = (from, to) => request('MOVE', fileURL(from), {headers: {Destination: location.origin + fileURL(to), Overwrite: 'F'}});
export const copy = (from, to) => request('COPY', fileURL(from), {headers: {Destination: location.origin + fileURL(to), Overwrite: 'F'}});

export function setFavorite(path, on) {
  const body = '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop>' +
    `<oc:favorite>${on ? 1 : 0}</oc:favorite></d:prop></d:set></d:propertyupdate>`;
  return request('PROPPATCH', fileURL(path), {headers: {'Content-Type': 'application/xml'}, body});
}

export async function favorites() {
  const body = '<?xml version="1.0"?><oc:filter-files xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>' +
    '<d:getlastmodified/><d:getcontentlength/><d:resourcetype/><oc:fileid/><oc:permissions/><oc:size/><oc:favorite/>' +
    '</d:prop><oc:filter-rules><oc:favorite>1</oc:favorite></oc:filter-rules></oc:filter-files>';
  const response = await request('REPORT', filesBase + '/', {headers: {'Content-Type': 'application/xml'}, body});
  return parseEntries(await response.text(), filesBase);
}

function escapeXML(s) { return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`); }

export async function search(query) {
  const body = '<?xml version="1.0"?><d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:basicsearch>' +
    '<d:select><d:prop><d:getlastmodified/><d:getcontentlength/><d:resourcetype/><oc:fileid/><oc:permissions/><oc:size/><oc:favorite/></d:prop></d:select>' +
    `<d:from><d:scope><d:href>/files/${escapeXML(user)}</d:href><d:depth>infinity</d:depth></d:scope></d:from>` +
    `<d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%${escapeXML(query)}%</d:literal></d:like></d:where>` +
    '</d:basicsearch></d:searchrequest>';
  const response = await request('SEARCH', '/remote.php/dav/', {headers: {'Content-Type': 'text/xml'}, body});
  return parseEntries(await response.text(), filesBase);
}

const versionsBase = () => '/remote.php/dav/versions/' + encodeURIComponent(user);
export async function versions(fileid) {
  const response = await request('PROPFIND', `${versionsBase()}/versions/${fileid}/`, {headers: {Depth: '1'}});
  return parseEntries(await response.text(), '').slice(1);
}
export const restoreVersion = (href) => request('MOVE', href, {headers: {Destination: location.origin + versionsBase() + '/restore/target'}});

const trashBase = () => '/remote.php/dav/trash-bin/' + encodeURIComponent(user);
export async function trash() {
  const response = await request('PROPFIND', trashBase() + '/trash/', {headers: {Depth: '1'}});
  return parseEntries(await response.text(), '').slice(1);
}
export const restoreTrash = (href) => request('MOVE', href, {headers: {Destination: location.origin + trashBase() + '/restore/' + href.split('/').filter(Boolean).pop()}});
export const deleteTrash = (href) => request('DELETE', href);
export const emptyTrash = () => request('DELETE', trashBase() + '/trash/');

export async function ocs(method, route, params = {}) {
  const query = method === 'GET' ? '&' + new URLSearchParams(params) : '';
  const response = await request(method, `/ocs/v2.php/${route}${route.includes('?') ? '&' : '?'}format=json${query}`, {
    headers: {'OCS-APIREQUEST': 'true', 'Content-Type': 'application/x-www-form-urlencoded'},
    body: method === 'GET' ? undefined : new URLSearchParams(params).toString(),
  });
  const json = await response.json();
  return json.ocs.data;
}
