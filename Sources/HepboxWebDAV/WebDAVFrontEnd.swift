import Foundation
import HepboxCore
import Hummingbird

/// WebDAV (RFC 4918 class 1 and 2) at `/remote.php/dav/files/<user>/` and `/remote.php/webdav/`.
/// Translates requests into domain calls; every method is its own small file under `Methods/`.
public struct WebDAVFrontEnd: Sendable {
    let services: WebDAVServices
    private let knownRoots = Mutex<Set<String>>([])

    public init(services: WebDAVServices) { self.services = services }

    public static let filesPrefix = "/remote.php/dav/files/"
    public static let uploadsPrefix = "/remote.php/dav/uploads/"
    public static let legacyPrefix = "/remote.php/webdav"
    /// A public link's folder or file, with Basic `token:password` (pyocclient, curl).
    public static let publicPrefix = "/public.php/webdav"
    private static let legacyFolder = legacyPrefix + "/"
    private static let publicFolder = publicPrefix + "/"

    /// True for the URL paths this front end answers.
    public static func handles(path: String) -> Bool {
        path == legacyPrefix || path.hasBytePrefix(legacyFolder) || path.hasBytePrefix(filesPrefix)
            || path == publicPrefix || path.hasBytePrefix(publicFolder)
            || path == "/remote.php/dav/files" || path.hasBytePrefix(uploadsPrefix) || path.hasBytePrefix(VersionsFrontEnd.prefix)
            || path.hasBytePrefix(TrashFrontEnd.prefix) || path == BulkUpload.path
            || Search.paths.contains(path)
    }

    /// Answers a request (the caller routed it here because `handles(path:)` was true); `faults` logs what fails on
    /// the server's side.
    public func respond(to request: Request, principal: Principal?, faults: FaultLog) async -> Response {
        do {
            return try await route(request, principal: principal, faults: faults)
        } catch {
            return DAVError.response(faults.visible(error, user: principal?.name))
        }
    }

    private func route(_ request: Request, principal: Principal?, faults: FaultLog) async throws -> Response {
        let rawPath = Substring(request.uri.path)
        if request.method == .options { return Options.response() }
        guard let principal else { return Self.unauthorized() }
        // A public link's credentials open its own view and nothing else.
        let isPublic = rawPath == Self.publicPrefix || rawPath.hasBytePrefix(Self.publicFolder)
        if AccessPolicy.isLinkOwner(principal.name) != isPublic {
            return isPublic ? Self.unauthorized() : DAVError.response(HepboxError.notFound("the collection \(rawPath)"))
        }
        if Search.paths.contains(String(rawPath)) {
            return try await Search(services: services).respond(request, principal: principal)
        }
        if rawPath == BulkUpload.path {
            return try await BulkUpload(services: services, faults: faults).respond(request, principal: principal)
        }
        if rawPath.hasBytePrefix(TrashFrontEnd.prefix) {
            return try await TrashFrontEnd(services: services).respond(request, principal: principal)
        }
        if rawPath.hasBytePrefix(VersionsFrontEnd.prefix) {
            return try await VersionsFrontEnd(services: services, faults: faults).respond(request, principal: principal)
        }
        let owner: String
        let hrefBase: String
        let rest: Substring
        if isPublic {
            owner = principal.name
            hrefBase = Self.publicPrefix
            rest = Self.dropBytes(rawPath, Self.publicPrefix.utf8.count)
        } else if rawPath.hasBytePrefix(Self.legacyPrefix) {
            owner = principal.name
            hrefBase = Self.legacyPrefix
            rest = Self.dropBytes(rawPath, Self.legacyPrefix.utf8.count)
        } else {
            let prefix = rawPath.hasBytePrefix(Self.uploadsPrefix) ? Self.uploadsPrefix : Self.filesPrefix
            let afterPrefix = Self.dropBytes(rawPath, prefix.utf8.count)
            let userSegment = afterPrefix[..<(afterPrefix.utf8.firstIndex(of: UInt8(ascii: "/")) ?? afterPrefix.endIndex)]
            let segment = String(userSegment)
            // Most user names need no decoding (Foundation's percent-decoding is slow for every request).
            guard let user = segment.utf8.contains(UInt8(ascii: "%")) ? segment.removingPercentEncoding : segment,
                  !user.isEmpty else {
                throw HepboxError.notFound("the collection \(rawPath)")
            }
            owner = prefix == Self.uploadsPrefix ? AccessPolicy.uploadsOwner(of: user) : user
            hrefBase = prefix + userSegment
            rest = afterPrefix[userSegment.endIndex...]
        }
        if rest.utf8.contains(UInt8(ascii: "#")) { throw HepboxError.badRequest("a URL fragment is not part of a path") }
        let path = try TreePath(encoded: rest)
        if !AccessPolicy.isLinkOwner(owner) {
            try services.files.policy.require(.read, of: principal, inTreeOf: owner, at: path)
            try await ensureRoot(owner)
        }

        var dav = DAVRequest(request: request, owner: owner, path: path, hrefBase: hrefBase,
                             context: OperationContext(principal: principal), faults: faults)
        if let ifText = dav.header("If") {
            let ifHeader = try IfHeader(parsing: ifText)
            guard try await evaluate(ifHeader, for: dav) else {
                throw HepboxError(.preconditionFailed, "the If header's conditions are not met")
            }
            dav.context.lockTokens = ifHeader.submittedTokens
        }
        return try await dispatch(dav)
    }

    private func dispatch(_ dav: DAVRequest) async throws -> Response {
        switch dav.request.method.rawValue {
        case "GET": return try await Get.respond(dav, services: services, includeBody: true)
        case "HEAD": return try await Get.respond(dav, services: services, includeBody: false)
        case "PUT": return try await Put.respond(dav, services: services)
        case "PROPFIND": return try await Propfind.respond(dav, services: services)
        case "PROPPATCH": return try await Proppatch.respond(dav, services: services)
        case "MKCOL": return try await Mkcol.respond(dav, services: services)
        case "DELETE": return try await Delete.respond(dav, services: services)
        case "COPY": return try await CopyMove.respond(dav, services: services, move: false)
        case "MOVE": return try await CopyMove.respond(dav, services: services, move: true)
        case "LOCK": return try await Lock.respond(dav, services: services)
        case "UNLOCK": return try await Unlock.respond(dav, services: services)
        case "REPORT": return try await Report.respond(dav, services: services)
        default:
            throw HepboxError(.methodNotAllowed, "\(dav.request.method.rawValue) is not a WebDAV method hepbox supports")
        }
    }

    /// `text` after its first `count` UTF-8 bytes (the ASCII prefixes of the routes), without counting Characters.
    private static func dropBytes(_ text: Substring, _ count: Int) -> Substring {
        text[(text.utf8.index(text.startIndex, offsetBy: count, limitedBy: text.endIndex) ?? text.endIndex)...]
    }

    private func ensureRoot(_ owner: String) async throws {
        if knownRoots.withLock({ $0.contains(owner) }) { return }
        let user = AccessPolicy.isUploadsOwner(owner) ? String(owner.dropFirst("uploads:".count)) : owner
        guard try await services.users.user(named: user) != nil else { throw HepboxError.notFound("the user \(user)") }
        try await services.files.ensureRoot(owner: owner)
        if user != owner { try await services.files.ensureRoot(owner: user) }  // uploads land in the user's tree
        knownRoots.withLock { _ = $0.insert(owner) }
    }

    /// True when at least one list of the If header holds for the resource it names.
    /// Locks are looked up where the resource really is (a share's owner's tree for a path inside a mount point).
    private func evaluate(_ header: IfHeader, for dav: DAVRequest) async throws -> Bool {
        // A tag may name the request's tree or, from the uploads tree, the user's files (the final MOVE of a
        // chunked upload carries `If: </remote.php/dav/files/<user>/target> (["etag"])`).
        var trees = [(owner: dav.owner, base: dav.hrefBase)]
        if AccessPolicy.isUploadsOwner(dav.owner) {
            let user = AccessPolicy.account(ofTree: dav.owner)
            trees.append((user, Self.filesPrefix + URLEncoding.encodeSegment(user)))
        }
        for list in header.lists {
            var owner = dav.owner
            var path = dav.path
            if let resource = list.resource {
                guard let match = trees.lazy.compactMap({ tree in
                    (try? DestinationParser.treePath(of: resource, base: tree.base)).map { (tree.owner, $0) }
                }).first else { continue }
                (owner, path) = match
            }
            let node = try await services.files.find(dav.principal, owner: owner, path: path)
            let location = try await services.files.locate(dav.principal, owner: owner, path: path)
            let covering = Set(try await services.locks.allLocks(owner: location.owner)
                .filter { LockRules.covers($0, path: location.path) }.map(\.token))
            let state = ResourceState(etag: node?.etag, lockTokens: covering)
            if list.conditions.allSatisfy(state.satisfies) { return true }
        }
        return false
    }

    static func unauthorized() -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Basic realm=\"hepbox\", charset=\"UTF-8\""
        headers[.contentType] = "application/xml; charset=utf-8"
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\"><s:exception>Sabre\\DAV\\Exception\\NotAuthenticated</s:exception><s:message>valid credentials are needed (HTTP Basic)</s:message></d:error>\n"
        return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
