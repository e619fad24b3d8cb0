import HepboxCore
import HTTPTypes
import Hummingbird

/// COPY and MOVE within one user's tree. The Destination is an absolute path or a full URL.
enum CopyMove {
    static func respond(_ dav: DAVRequest, services: WebDAVServices, move: Bool) async throws -> Response {
        guard let destinationHeader = dav.header("Destination") else {
            throw HepboxError.badRequest("\(dav.method) needs a Destination header")
        }
        if move && AccessPolicy.isUploadsOwner(dav.owner) && dav.path.name == ".file" {
            return try await ChunkAssembly.respond(dav, services: services, destinationHeader: destinationHeader)
        }
        let destination = try DestinationParser.treePath(of: destinationHeader, base: dav.hrefBase)
        let source = try await services.files.node(dav.principal, owner: dav.owner, path: dav.path)
        let depth = try dav.depth(default: .infinity)
        if source.isFolder {
            if move && depth != .infinity { throw HepboxError.badRequest("MOVE of a folder takes Depth: infinity") }
            if !move && depth == .one { throw HepboxError.badRequest("COPY of a folder takes Depth: 0 or infinity") }
        }
        let options = TransferOptions(overwrite: try dav.overwrite(), recursive: depth == .infinity)
        let created = move
            ? try await services.files.move(dav.context, owner: dav.owner, from: dav.path, to: destination, options: options)
            : try await services.files.copy(dav.context, owner: dav.owner, from: dav.path, to: destination, options: options)
        if move, let mtime = dav.header("X-OC-Mtime").flatMap({ Int64($0) }) {
            try await services.files.setMtime(dav.context, owner: dav.owner, path: destination, mtime: mtime)
        }
        let node = try await services.files.node(dav.principal, owner: dav.owner, path: destination)
        var headers = NodeHeaders.identity(node, services: services)
        if dav.header("X-OC-Mtime") != nil && move { headers[.ocMTimeAccepted] = "accepted" }
        headers[.contentLength] = "0"
        return Response(status: created ? .created : .noContent, headers: headers)
    }
}
