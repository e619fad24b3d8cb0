import HepboxCore
import HTTPTypes
import Hummingbird

enum Mkcol {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        // RFC 4918 §9.3.1: a body we do not understand is 415.
        if let length = dav.header("Content-Length").flatMap(Int.init), length > 0 {
            throw HepboxError(.unsupportedMediaType, "MKCOL with a body is not supported")
        }
        if dav.header("Transfer-Encoding") != nil {
            var any = false
            for try await chunk in ClientBody(dav.request.body) where chunk.readableBytes > 0 { any = true }
            if any { throw HepboxError(.unsupportedMediaType, "MKCOL with a body is not supported") }
        }
        // Chunked uploads announce their size when they start: refuse up front what the quota cannot hold.
        if AccessPolicy.isUploadsOwner(dav.owner), let total = dav.header("OC-Total-Length").flatMap({ Int64($0) }),
           let available = try await services.files.quota(owner: AccessPolicy.account(ofTree: dav.owner)).available,
           total > available {
            throw HepboxError(.insufficientStorage, "the upload needs \(total) bytes; \(available) are left in the quota")
        }
        let mtime = dav.header("X-OC-Mtime").flatMap { Int64($0) }
        let node = try await services.files.makeFolder(dav.context, owner: dav.owner, path: dav.path, mtime: mtime)
        var headers = NodeHeaders.identity(node, services: services)
        if mtime != nil { headers[.ocMTimeAccepted] = "accepted" }
        headers[.contentLength] = "0"
        return Response(status: .created, headers: headers)
    }
}

/// Headers that identify a node after a change: ETag, OC-ETag, OC-FileId.
enum NodeHeaders {
    static func identity(_ node: Node, services: WebDAVServices) -> HTTPFields {
        var headers = HTTPFields()
        headers[.eTag] = "\"\(node.etag)\""
        headers[.ocETag] = "\"\(node.etag)\""
        headers[.ocFileID] = services.files.ownCloudID(node)
        return headers
    }
}
