import Foundation
import HepboxCore
import HepboxPreview
import HTTPTypes
import Hummingbird

/// The web pages: login/logout, the file manager (`/apps/files/`), its downloads, and the public link pages.
public struct WebApp: Sendable {
    public struct Services: Sendable {
        public var files: FileService
        public var shares: ShareService
        public var users: UserDirectory
        public var sessions: SessionService
        public var throttle: LoginThrottle
        public var linkSession: LinkSession
        public var previews: PreviewService
        public init(files: FileService, shares: ShareService, users: UserDirectory, sessions: SessionService,
                    throttle: LoginThrottle, linkSession: LinkSession, previews: PreviewService) {
            self.previews = previews
            self.files = files
            self.shares = shares
            self.users = users
            self.sessions = sessions
            self.throttle = throttle
            self.linkSession = linkSession
        }
    }

    let services: Services
    let links: PublicLinkPages
    let login: LoginPages

    public init(services: Services) {
        self.services = services
        links = PublicLinkPages(services: .init(files: services.files, shares: services.shares, throttle: services.throttle,
                                                session: services.linkSession))
        login = LoginPages(sessions: services.sessions, throttle: services.throttle)
    }

    public static func handles(path: String) -> Bool {
        path == "/" || path == "/login" || path == "/logout" || path == "/apps/files" || path.hasPrefix("/apps/files/")
            || PublicLinkPages.handles(path: path)
    }

    /// Answers a request (`faults` logs what fails on the server's side).
    public func respond(to request: Request, remoteAddress: String, faults: FaultLog) async -> Response {
        let path = request.uri.path
        var user: String?
        do {
            if PublicLinkPages.handles(path: path) {
                return await links.respond(to: request, remoteAddress: remoteAddress, faults: faults)
            }
            switch (request.method, path) {
            case (.get, "/login"): return login.form(request)
            case (.post, "/login"): return try await login.submit(request, remoteAddress: remoteAddress)
            case (.post, "/logout"): return try await login.logout(request)
            default: break
            }
            guard let (principal, session) = try await WebSession.principal(request, sessions: services.sessions) else {
                let back = path == "/" ? "/apps/files/" : path + (request.uri.query.map { "?" + $0 } ?? "")
                return HTMLPage.redirect(to: "/login?redirect=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
            user = principal.name
            switch (request.method, path) {
            case (.get, "/"), (.get, "/apps/files"): return HTMLPage.redirect(to: "/apps/files/")
            case (.get, "/apps/files/"):
                let name = try await services.users.user(named: principal.name)?.displayName ?? principal.name
                return FilesAppPage.response(principal, session: session, displayName: name)
            case (.get, "/apps/files/download"), (.head, "/apps/files/download"):
                let target = try TreePath(slashSeparated: FormEncoding.decode(request.uri.query ?? "")["path"] ?? "")
                return try await UserDownload.response(principal: principal, path: target, files: services.files,
                                                       includeBody: request.method == .get, faults: faults)
            case (.get, "/apps/files/preview"):
                return try await PreviewRoute.response(request, principal: principal, previews: services.previews)
            default:
                return HTMLPage.message(.notFound, title: "Not found", text: "There is no page at \(path).")
            }
        } catch {
            return PublicLinkPages.failure(faults.visible(error, user: user))
        }
    }
}
