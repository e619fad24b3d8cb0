import HepboxCore
import HTTPTypes
import Hummingbird

/// LOCK: a new lock from a lockinfo body, or a refresh when the body is empty and the If header names the lock.
enum Lock {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        let timeout = parseTimeout(dav.header("Timeout"))
        guard let info = try await dav.xmlBody(limit: services.settings.maxXMLBodyBytes) else {
            var lock = try await services.locks.refresh(dav.context, owner: dav.owner, path: dav.path, timeout: timeout)
            // Where the refreshed lock is rooted, as this view names it (inside a share the stored path is the owner's).
            let inView = try await services.locks.locksInView(dav.principal, owner: dav.owner, path: dav.path)
            lock.path = inView.first { $0.token == lock.token }?.path ?? dav.path.description
            return answer(lock, dav: dav, status: .ok, newToken: false)
        }
        guard info.isElement(DAVNamespace.dav, "lockinfo") else {
            throw HepboxError.badRequest("a LOCK body must be a DAV:lockinfo element")
        }
        guard let scopeElement = info.child(DAVNamespace.dav, "lockscope")?.children.first else {
            throw HepboxError.badRequest("lockinfo needs a lockscope")
        }
        let scope: LockRecord.Scope
        switch scopeElement.name {
        case "exclusive": scope = .exclusive
        case "shared": scope = .shared
        default: throw HepboxError.badRequest("unknown lock scope \(scopeElement.name)")
        }
        guard info.child(DAVNamespace.dav, "locktype")?.child(DAVNamespace.dav, "write") != nil else {
            throw HepboxError.badRequest("only write locks exist")
        }
        let depth = try dav.depth(default: .infinity)
        if depth == .one { throw HepboxError.badRequest("LOCK takes Depth: 0 or infinity") }
        let ownerXML = info.child(DAVNamespace.dav, "owner")?.innerXML() ?? ""
        let result = try await services.locks.lock(dav.context, owner: dav.owner, path: dav.path, scope: scope,
                                                   deep: depth == .infinity, ownerXML: ownerXML, timeout: timeout)
        var lock = result.lock
        lock.path = dav.path.description  // a new lock is rooted at the request path
        return answer(lock, dav: dav, status: result.createdResource ? .created : .ok, newToken: true)
    }

    static func parseTimeout(_ header: String?) -> Int64? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let value = part.trimmingCharacters(in: .whitespaces)
            if value.lowercased() == "infinite" { return LockService.maxTimeout }
            if value.lowercased().hasPrefix("second-"), let seconds = Int64(value.dropFirst(7)) { return seconds }
        }
        return nil
    }

    private static func answer(_ lock: LockRecord, dav: DAVRequest, status: HTTPResponse.Status, newToken: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        if newToken { headers[HTTPField.Name("Lock-Token")!] = "<\(lock.token)>" }
        let root = dav.href((try? TreePath(slashSeparated: lock.path)) ?? .root, isFolder: false)
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:prop xmlns:d=\"DAV:\"><d:lockdiscovery>"
            + ActiveLockXML.render(lock, root: root) + "</d:lockdiscovery></d:prop>\n"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

import Foundation
