import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// The pages behind a public link, `/s/<token>`: a file to download, a folder to browse and download (files one
/// by one or everything as a zip), an upload form for a file drop, and the password form a protected link asks
/// for first (throttled like every login).
public struct PublicLinkPages: Sendable {
    public struct Services: Sendable {
        public var files: FileService
        public var shares: ShareService
        public var throttle: LoginThrottle
        public var session: LinkSession
        public init(files: FileService, shares: ShareService, throttle: LoginThrottle, session: LinkSession) {
            self.files = files
            self.shares = shares
            self.throttle = throttle
            self.session = session
        }
    }

    let services: Services

    public init(services: Services) { self.services = services }

    public static let prefix = "/s/"

    public static func handles(path: String) -> Bool { path.hasPrefix(prefix) || path.hasPrefix("/static/") }

    public func respond(to request: Request, remoteAddress: String, faults: FaultLog) async -> Response {
        if let asset = StaticAssets.response(path: request.uri.path) { return asset }
        let parts = request.uri.path.dropFirst(Self.prefix.count).split(separator: "/", maxSplits: 1).map(String.init)
        guard let token = parts.first, token.allSatisfy({ $0.isLetter || $0.isNumber }) else { return notFound() }
        let action = parts.count > 1 ? parts[1] : ""
        do {
            guard let (share, node, grant) = try? await services.shares.link(token: token) else { return notFound() }
            if action == "authenticate" && request.method == .post {
                return try await authenticate(request, share: share, remoteAddress: remoteAddress)
            }
            if share.passwordHash != nil && !services.session.isValid(cookieHeader: request.headers[.cookie], for: share) {
                // The link's page itself is the password form (200); anything behind it answers 401 until then.
                return PasswordForm.page(token: token, message: nil, status: action.isEmpty ? .ok : .unauthorized)
            }
            let path = try Self.path(request)
            switch (request.method, action) {
            case (.get, ""), (.head, ""):
                return try await LinkView.page(share: share, node: node, grant: grant, path: path, services: services)
            case (.get, "download"), (.head, "download"):
                return try await LinkDownload.response(token: token, path: path, services: services,
                                                       includeBody: request.method == .get, faults: faults)
            default:
                return HTMLPage.message(.methodNotAllowed, title: "Not possible", text: "This link does not support that request.")
            }
        } catch {
            return Self.failure(faults.visible(error, user: nil))
        }
    }

    /// `?path=/a/b` inside the link's folder, validated like every path (no `..`, no control characters).
    static func path(_ request: Request) throws -> TreePath {
        guard let path = FormEncoding.decode(request.uri.query ?? "")["path"] else { return .root }
        return try TreePath(slashSeparated: path)
    }

    private func authenticate(_ request: Request, share: ShareRecord, remoteAddress: String) async throws -> Response {
        let form = try await PasswordForm.fields(request)
        let token = share.token ?? ""
        guard PasswordForm.csrfMatches(form: form, cookieHeader: request.headers[.cookie]) else {
            return PasswordForm.page(token: token, message: "The form expired. Please try again.", status: .forbidden)
        }
        let wait = services.throttle.delay(for: remoteAddress)
        if wait > .zero { try await Task.sleep(for: wait) }
        guard await services.shares.checkLinkPassword(share, form["password"]) else {
            services.throttle.recordFailure(remoteAddress)
            return PasswordForm.page(token: token, message: "That password is not correct.", status: .forbidden)
        }
        services.throttle.recordSuccess(remoteAddress)
        let secure = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        var headers = HTTPFields()
        headers[.setCookie] = services.session.setCookie(for: share, secure: secure)
        return HTMLPage.redirect(to: Self.prefix + token, headers: headers)
    }

    private func notFound() -> Response {
        HTMLPage.message(.notFound, title: "Link not found", text: "This link does not exist, has expired, or was removed.")
    }

    /// An error page with the error's own status.
    static func failure(_ error: HepboxError) -> Response {
        let title = switch error.code {
        case .notFound: "Not found"
        case .badRequest, .checksumMismatch: "Bad request"
        case .forbidden, .unauthorized: "Not allowed"
        case .insufficientStorage: "Not enough space"
        case _ where error.code.isServerFault: "Something went wrong"
        default: "Not possible"
        }
        return HTMLPage.message(HTTPResponse.Status(code: error.code.httpStatus), title: title, text: error.message)
    }
}
