import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// The trash bin as Nextcloud serves it: PROPFIND `/remote.php/dav/trash-bin/<user>/trash/` lists deleted items
/// (with `nc:trashbin-filename`, `nc:trashbin-original-location`, `nc:trashbin-deletion-time`); MOVE of an item to
/// `…/restore/<name>` restores it; DELETE of an item removes it for good; DELETE of `trash/` empties the bin.
struct TrashFrontEnd: Sendable {
    static let prefix = "/remote.php/dav/trash-bin/"
    let services: WebDAVServices

    func respond(_ request: Request, principal: Principal) async throws -> Response {
        let segments = try URLEncoding.decodedSegments(of: request.uri.path, after: Self.prefix)
        guard let user = segments.first else { throw HepboxError.notFound("the trash bin") }
        let base = Self.prefix + URLEncoding.encodeSegment(user)
        let context = OperationContext(principal: principal)
        let method = request.method.rawValue
        if segments.count >= 2 && segments[1] != "trash" && !(segments[1] == "restore" && method == "PROPFIND") {
            throw HepboxError.notFound(request.uri.path)
        }
        switch (method, segments.count) {
        case ("PROPFIND", let count) where count == 1 || (count == 2 && segments[1] == "restore"):
            var body = MultistatusWriter()
            body.response(href: base + "/" + (segments.count == 2 ? "restore/" : ""),
                          propstats: [("HTTP/1.1 200 OK", ["<d:resourcetype><d:collection/></d:resourcetype>"])])
            return body.finish()
        case ("PROPFIND", 2):
            let items = try await services.files.trash(principal, owner: user)
            var body = MultistatusWriter()
            body.response(href: "\(base)/trash/", propstats: [("HTTP/1.1 200 OK", ["<d:resourcetype><d:collection/></d:resourcetype>",
                                                                                    "<oc:size>\(items.reduce(Int64(0)) { $0 + $1.node.size })</oc:size>"])])
            if request.headers[HTTPField.Name("Depth")!] != "0" {
                for item in items {
                    body.response(href: "\(base)/trash/\(URLEncoding.encodeSegment(item.trashName))\(item.node.isFolder ? "/" : "")",
                                  propstats: [("HTTP/1.1 200 OK", properties(item))])
                }
            }
            return body.finish()
        case ("PROPFIND", 3):
            let items = try await services.files.trash(principal, owner: user)
            guard let item = items.first(where: { $0.trashName == segments[2] }) else { throw HepboxError.notFound("the trash item \(segments[2])") }
            var body = MultistatusWriter()
            body.response(href: "\(base)/trash/\(URLEncoding.encodeSegment(item.trashName))\(item.node.isFolder ? "/" : "")",
                          propstats: [("HTTP/1.1 200 OK", properties(item))])
            return body.finish()
        case ("MOVE", 3):
            guard let destination = request.headers[HTTPField.Name("Destination")!], destination.contains("/restore/") else {
                throw HepboxError.badRequest("restore a trash item by moving it to \(base)/restore/<name>")
            }
            try await services.files.restoreFromTrash(context, owner: user, item: segments[2])
            return Response(status: .created, headers: [.contentLength: "0"])
        case ("DELETE", 3):
            try await services.files.purgeTrash(context, owner: user, item: segments[2])
            return Response(status: .noContent)
        case ("DELETE", 2):
            try await services.files.purgeTrash(context, owner: user)
            return Response(status: .noContent)
        default: break
        }
        throw HepboxError(.methodNotAllowed, "\(method) is not supported on \(request.uri.path)")
    }

    private func properties(_ item: TrashItem) -> [String] {
        let node = item.node
        var props = [
            node.isFolder ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>",
            "<d:getetag>\"\(node.etag)\"</d:getetag>",
            "<d:getlastmodified>\(HTTPDate.format(node.mtime))</d:getlastmodified>",
            "<oc:size>\(node.size)</oc:size>", "<oc:fileid>\(node.id)</oc:fileid>",
            "<oc:id>\(services.files.ownCloudID(node))</oc:id>",
            "<nc:trashbin-filename>\(XMLText.escape(item.originalLocation.split(separator: "/").last.map(String.init) ?? node.name))</nc:trashbin-filename>",
            "<nc:trashbin-original-location>\(XMLText.escape(item.originalLocation))</nc:trashbin-original-location>",
            "<nc:trashbin-deletion-time>\(item.deletedAt)</nc:trashbin-deletion-time>",
        ]
        if !node.isFolder {
            props.append("<d:getcontentlength>\(node.size)</d:getcontentlength>")
            props.append("<d:getcontenttype>\(XMLText.escape(node.contentType ?? MimeTypes.guess(node.name)))</d:getcontenttype>")
        }
        return props
    }
}
