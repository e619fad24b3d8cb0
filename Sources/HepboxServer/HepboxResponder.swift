import Foundation
import HepboxCore
import HepboxOCS
import HepboxWeb
import HTTPTypes
import HepboxWebDAV
import Hummingbird

/// Routes each request to its front end and authenticates HTTP Basic once for all of them.
struct HepboxResponder: HTTPResponder {
    typealias Context = HepboxRequestContext
    let runtime: HepboxRuntime
    let webdav: WebDAVFrontEnd
    let ocs: OCSFrontEnd
    let loginFlow: LoginFlow
    let web: WebApp

    init(runtime: HepboxRuntime) {
        self.runtime = runtime
        webdav = WebDAVFrontEnd(services: WebDAVServices(
            files: runtime.files, locks: runtime.locks, users: runtime.users,
            settings: WebDAVSettings(allowInfiniteDepth: runtime.configuration.allowInfiniteDepth,
                                     maxXMLBodyBytes: runtime.configuration.maxXMLBodyBytes)))
        ocs = OCSFrontEnd(services: .init(files: runtime.files, users: runtime.users, groups: runtime.groups,
                                          shares: runtime.shares, capabilities: ServerCapabilities()))
        let sessions = runtime.sessions
        loginFlow = LoginFlow(users: runtime.users, throttle: runtime.throttle, browserSession: { request in
            guard let token = WebSession.token(request) else { return nil }
            return try await sessions.principal(token: token)?.0
        })
        web = WebApp(services: .init(files: runtime.files, shares: runtime.shares, users: runtime.users,
                                     sessions: runtime.sessions, throttle: runtime.throttle,
                                     linkSession: LinkSession(secret: runtime.linkSecret), previews: runtime.previews))
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let (client, request) = runtime.configuration.trustedProxies.resolve(request, peer: context.remoteAddress)
        let path = request.uri.path
        let faults = FaultLog(logger: context.logger, referenceKey: "hb.request.id", method: request.method.rawValue, path: path)
        if WebDAVFrontEnd.handles(path: path) {
            let principal = path.hasBytePrefix(WebDAVFrontEnd.publicPrefix)
                ? try await BasicAuth.linkPrincipal(of: request, client: client, runtime: runtime)
                : try await BasicAuth.principal(of: request, client: client, runtime: runtime)
            return await webdav.respond(to: request, principal: principal, faults: faults)
        }
        if OCSFrontEnd.handles(path: path) {
            let principal = try await BasicAuth.principal(of: request, client: client, runtime: runtime)
            return await ocs.respond(to: request, principal: principal, faults: faults)
        }
        if WebApp.handles(path: path) {
            return await web.respond(to: request, remoteAddress: client, faults: faults)
        }
        if LoginFlow.handles(path: path) {
            return await loginFlow.respond(to: request, remoteAddress: client, faults: faults)
        }
        return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "not found: \(path)\n")))
    }
}

/// HTTP Basic credentials → principal (nil when absent or wrong), throttled per client address (see TrustedProxies).
enum BasicAuth {
    static func credentials(_ request: Request) -> (name: String, password: String)? {
        guard let header = request.headers[.authorization], let encoded = basicCredentials(header) else { return nil }
        guard let data = Data(base64Encoded: encoded),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// `/public.php/webdav`: the user name is the link token, the password the link's (if it has one).
    static func linkPrincipal(of request: Request, client: String, runtime: HepboxRuntime) async throws -> Principal? {
        guard let (token, password) = credentials(request) else { return nil }
        let wait = runtime.throttle.delay(for: client)
        if wait > .zero { try await Task.sleep(for: wait) }
        // The link pages' own scripts authenticate with the browser's link session instead of the password; the
        // custom header keeps other sites' forms from riding on that cookie.
        let session = LinkSession(secret: runtime.linkSecret)
        guard let (share, _, _) = try? await runtime.shares.link(token: token),
              await runtime.shares.checkLinkPassword(share, password.isEmpty ? nil : password)
                || (password.isEmpty && request.headers[HTTPField.Name("X-Requested-With")!] != nil
                    && session.isValid(cookieHeader: request.headers[.cookie], for: share)) else {
            runtime.throttle.recordFailure(client)
            return nil
        }
        runtime.throttle.recordSuccess(client)
        return ShareService.linkPrincipal(token: token)
    }

    /// Basic credentials, or else the web pages' session cookie (with its CSRF token on anything but a safe method).
    static func principal(of request: Request, client: String, runtime: HepboxRuntime) async throws -> Principal? {
        guard let (name, password) = credentials(request) else {
            return try await WebSession.principal(request, sessions: runtime.sessions)?.0
        }
        let wait = runtime.throttle.delay(for: client)
        if wait > .zero { try await Task.sleep(for: wait) }
        guard let principal = try await runtime.users.authenticate(name: name, password: password) else {
            runtime.throttle.recordFailure(client)
            return nil
        }
        runtime.throttle.recordSuccess(client)
        return principal
    }

    /// The base64 part of `Basic …`, trimmed, without Foundation's string bridging (this runs on every request).
    static func basicCredentials(_ header: String) -> String? {
        let bytes = header.utf8
        guard bytes.count > 6, bytes.prefix(5).map({ $0 | 0x20 }).elementsEqual("basic".utf8),
              bytes.dropFirst(5).first == UInt8(ascii: " ") else { return nil }
        var rest = bytes.dropFirst(6)
        while let first = rest.first, first == 0x20 || first == 0x09 { rest = rest.dropFirst() }
        while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
        return String(decoding: rest, as: UTF8.self)
    }
}
