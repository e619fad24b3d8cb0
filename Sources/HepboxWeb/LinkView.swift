import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// The page of a link: a file with its download button, a folder listing with breadcrumbs, or a drop zone.
enum LinkView {
    static func page(share: ShareRecord, node: Node, grant: SharePermissions, path: TreePath,
                     services: PublicLinkPages.Services) async throws -> Response {
        let token = share.token ?? ""
        let base = PublicLinkPages.prefix + token
        let title = share.label.isEmpty ? node.name : share.label
        let note = share.note.isEmpty ? "" : "<p>\(HTMLPage.escape(share.note))</p>"
        if !grant.contains(.read) {
            return HTMLPage.response(.ok, title: title, body: """
            <section class="card"><h1>\(HTMLPage.escape(title))</h1><p class="meta">Shared by \(HTMLPage.escape(share.sharer)) for uploads. You can add files; you cannot see what is there.</p>\(note)
            <form id="drop-form" class="drop" data-token="\(HTMLPage.escape(token))">
            <label for="drop-files">Choose files to upload</label><input id="drop-files" type="file" multiple required>
            <p><button class="button" type="submit">Upload</button></p></form><ul id="drop-status"></ul>
            <script src="/static/drop.js" type="module"></script></section>
            """)
        }
        let principal = ShareService.linkPrincipal(token: token)
        let owner = AccessPolicy.linkOwner(token: token)
        let entries = try await services.files.list(principal, owner: owner, path: path, depth: .children)
        guard let top = entries.first else { throw HepboxError.notFound("/\(path)") }
        if !top.node.isFolder {
            return HTMLPage.response(.ok, title: title, body: """
            <section class="card"><h1>\(HTMLPage.escape(top.node.name))</h1>
            <p class="meta">\(HTMLPage.size(top.node.size)) · shared by \(HTMLPage.escape(share.sharer))</p>\(note)
            <a class="button" href="\(base)/download">Download</a></section>
            """)
        }
        var rows = ""
        for entry in entries.dropFirst() {
            let query = "?path=" + encode("/" + entry.path.description)
            let link = entry.node.isFolder ? base + query : base + "/download" + query
            let day = CivilDate.civil(fromDays: Int(entry.node.mtime.quotientAndRemainder(dividingBy: 86_400).quotient))
            rows += "<tr><td><a href=\"\(HTMLPage.escape(link))\"><img class=\"icon\" alt=\"\" src=\"/static/icons/\(entry.node.isFolder ? "folder" : "file").svg\">\(HTMLPage.escape(entry.node.name))</a></td>"
                + "<td class=\"size\">\(entry.node.isFolder ? "" : HTMLPage.size(entry.node.size))</td><td>\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)-\(day.day < 10 ? "0" : "")\(day.day)</td></tr>"
        }
        var crumbs = "<a href=\"\(base)\">\(HTMLPage.escape(title))</a>"
        var walked: [String] = []
        for component in path.components {
            walked.append(component)
            crumbs += " / <a href=\"\(base)?path=\(encode("/" + walked.joined(separator: "/")))\">\(HTMLPage.escape(component))</a>"
        }
        let zip = "\(base)/download?path=\(encode("/" + path.description))"
        return HTMLPage.response(.ok, title: title, body: """
        <section class="card"><nav class="crumbs" aria-label="Folder">\(crumbs)</nav>
        <p class="meta">Shared by \(HTMLPage.escape(share.sharer))</p>\(note)
        <p><a class="button" href="\(HTMLPage.escape(zip))">Download all (zip)</a></p>
        <table><thead><tr><th>Name</th><th class="size">Size</th><th>Modified</th></tr></thead><tbody>\(rows)</tbody></table></section>
        """)
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) ?? s
    }
}
