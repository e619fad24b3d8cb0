import HepboxCore
import Hummingbird

enum Delete {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        if let depth = dav.header("Depth"), depth.lowercased() != "infinity" {
            throw HepboxError.badRequest("DELETE takes Depth: infinity only")
        }
        try await services.files.delete(dav.context, owner: dav.owner, path: dav.path, conditions: dav.preconditions())
        return Response(status: .noContent)
    }
}
