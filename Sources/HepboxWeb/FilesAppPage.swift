import HepboxCore
import HTTPTypes
import Hummingbird

/// The file manager's page: a server-rendered shell whose script modules (`/static/files/*.js`) talk WebDAV and OCS
/// with the session cookie and its CSRF token.
enum FilesAppPage {
    static func response(_ principal: Principal, session: SessionRecord, displayName: String) -> Response {
        // The preview frame shows hepbox's own sanitised HTML; images come as blob: URLs from fetched previews.
        let policy =
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' blob: data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        let user = HTMLPage.escape(principal.name)
        let body = """
        <div id="app" class="shell" data-user="\(user)" data-requesttoken="\(HTMLPage.escape(session.csrfToken))">
        <nav id="nav" aria-label="Views"><ul>
        <li><a href="?view=files" data-view="files">All files</a></li>
        <li><a href="?view=favorites" data-view="favorites">Favorites</a></li>
        <li><a href="?view=shared-with-me" data-view="shared-with-me">Shared with me</a></li>
        <li><a href="?view=shared-by-me" data-view="shared-by-me">Shared by me</a></li>
        <li><a href="?view=trash" data-view="trash">Deleted files</a></li></ul>
        <div class="quota"><span id="quota-text"></span><progress id="quota-bar" max="1" hidden></progress></div></nav>
        <main>
        <div class="toolbar"><nav id="breadcrumbs" aria-label="Folder"></nav><span class="spacer"></span>
        <form id="search-form" role="search"><input id="search-input" type="search" placeholder="Search files" aria-label="Search files"></form></div>
        <div class="toolbar" id="toolbar-files">
        <button type="button" class="button" id="upload-button">Upload</button><input id="upload-input" type="file" multiple hidden>
        <button type="button" class="plain" id="new-folder">New folder</button>
        <progress id="upload-overall" max="1" value="0" hidden aria-label="all uploads"></progress></div>
        <button type="button" class="plain" id="empty-trash" hidden>Empty the trash</button>
        <div id="selection-bar" hidden><span id="selection-count"></span>
        <button type="button" class="plain" id="bulk-download">Download</button><button type="button" class="plain" id="bulk-move">Move</button>
        <button type="button" class="plain" id="bulk-copy">Copy</button><button type="button" class="plain" id="bulk-delete">Delete</button></div>
        <ul id="upload-list" aria-live="polite"></ul>
        <div id="drop-zone"><table id="file-list"><thead><tr>
        <th><input type="checkbox" id="select-all" aria-label="select all"></th>
        <th data-sort="name"><button type="button" class="plain">Name</button></th>
        <th data-sort="size" class="size"><button type="button" class="plain">Size</button></th>
        <th data-sort="mtime"><button type="button" class="plain">Modified</button></th><th></th></tr></thead>
        <tbody id="file-rows"></tbody></table><p id="empty-state" class="empty" hidden>Nothing here yet. Drop files to upload them.</p></div>
        </main>
        <aside id="details" hidden aria-label="Details"></aside></div>
        <dialog id="dialog"></dialog><div id="toast" role="status" hidden></div>
        <script type="module" src="/static/files/main.js"></script>
        """
        var response = HTMLPage.response(.ok, title: "Files", body: body, userMenu: (displayName, session.csrfToken))
        response.headers[HTTPField.Name("Content-Security-Policy")!] = policy
        return response
    }
}
