import HepboxCore
import Hummingbird

enum Unlock {
    static func respond(_ dav: DAVRequest, services: WebDAVServices) async throws -> Response {
        guard let raw = dav.header("Lock-Token") else { throw HepboxError.badRequest("UNLOCK needs a Lock-Token header") }
        let token = raw.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        try await services.locks.unlock(dav.context, owner: dav.owner, path: dav.path, token: token)
        return Response(status: .noContent)
    }
}

import Foundation
