import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// Nextcloud's login flow v2: a client starts a flow, opens the `login` URL in a browser where the user grants
/// access, and polls until it receives an app password (once). Flows live 20 minutes, in this server's memory.
public final class LoginFlow: Sendable {
    struct Flow {
        var pollToken: String
        var csrf: String
        var client: String
        var created: Int64
        var grant: (user: String, appPassword: String)?
    }

    public static let prefix = "/index.php/login/v2"
    static let lifetime: Int64 = 20 * 60
    private let flows = Mutex<[String: Flow]>([:])
    private let users: UserDirectory
    private let throttle: LoginThrottle
    private let clock: WallClock
    /// The web pages' session of the browser, if it has one: a signed-in user grants with one click.
    private let browserSession: @Sendable (Request) async throws -> Principal?

    public init(users: UserDirectory, throttle: LoginThrottle, clock: WallClock = .system,
                browserSession: @escaping @Sendable (Request) async throws -> Principal? = { _ in nil }) {
        self.users = users
        self.throttle = throttle
        self.clock = clock
        self.browserSession = browserSession
    }

    public static func handles(path: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }

    public func respond(to request: Request, remoteAddress: String, faults: FaultLog) async -> Response {
        let path = request.uri.path
        let base = OCSFrontEnd.baseURL(request)
        do {
            switch (request.method, path) {
            case (.post, Self.prefix):
                return start(base: base, client: request.headers[.userAgent] ?? "a client")
            case (.post, Self.prefix + "/poll"):
                let form = try await FormBody.parse(request)
                return poll(token: form["token"] ?? "", base: base)
            case (.get, _) where path.hasPrefix(Self.prefix + "/flow/"):
                return page(flowID: String(path.dropFirst((Self.prefix + "/flow/").count)), message: nil,
                            signedIn: try await browserSession(request))
            case (.post, Self.prefix + "/grant"):
                let form = try await FormBody.parse(request)
                return try await grant(form, remoteAddress: remoteAddress,
                                       signedIn: form["use-session"] == "1" ? try await browserSession(request) : nil)
            default:
                return LoginFlowPage.plain(.notFound, "not found")
            }
        } catch {
            let error = faults.visible(error, user: nil)
            let status: HTTPResponse.Status = error.code.isServerFault ? .internalServerError
                : error.code == .payloadTooLarge ? .contentTooLarge : .badRequest
            return LoginFlowPage.plain(status, error.message)
        }
    }

    private func start(base: String, client: String) -> Response {
        let flowID = RandomToken.alphanumeric(length: 64)
        let pollToken = RandomToken.alphanumeric(length: 64)
        let now = clock.seconds()
        flows.withLock { table in
            table = table.filter { now - $0.value.created < Self.lifetime }
            table[flowID] = Flow(pollToken: pollToken, csrf: RandomToken.alphanumeric(length: 32),
                                 client: String(client.prefix(100)), created: now, grant: nil)
        }
        let json = OCSValue.object([
            ("poll", .object([("token", .string(pollToken)), ("endpoint", .string(base + Self.prefix + "/poll"))])),
            ("login", .string(base + Self.prefix + "/flow/" + flowID)),
        ]).json()
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    private func poll(token: String, base: String) -> Response {
        let now = clock.seconds()
        let granted: (String, String)? = flows.withLock { table in
            guard let (id, flow) = table.first(where: { $0.value.pollToken == token && !token.isEmpty }),
                  now - flow.created < Self.lifetime, let grant = flow.grant
            else { return nil }
            table[id] = nil  // answered once
            return (grant.user, grant.appPassword)
        }
        guard let (user, password) = granted else { return LoginFlowPage.plain(.notFound, "not granted (yet)") }
        let json = OCSValue.object([("server", .string(base)), ("loginName", .string(user)),
                                    ("appPassword", .string(password))]).json()
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    private func page(flowID: String, message: String?, signedIn: Principal? = nil) -> Response {
        let now = clock.seconds()
        guard let flow = flows.withLock({ $0[flowID] }), now - flow.created < Self.lifetime, flow.grant == nil else {
            return LoginFlowPage.html(.notFound, LoginFlowPage.done(title: "This link has expired",
                                                                    text: "Start the login again from your client."))
        }
        return LoginFlowPage.html(.ok, LoginFlowPage.form(flowID: flowID, csrf: flow.csrf, client: flow.client, message: message,
                                                          signedInAs: signedIn?.name))
    }

    private func grant(_ form: [String: String], remoteAddress: String, signedIn: Principal?) async throws -> Response {
        let flowID = form["flow"] ?? ""
        guard let flow = flows.withLock({ $0[flowID] }), flow.grant == nil,
              clock.seconds() - flow.created < Self.lifetime
        else { return page(flowID: flowID, message: nil) }
        // The form carries the flow's CSRF token: a page elsewhere cannot post a grant.
        guard let csrf = form["requesttoken"], csrf == flow.csrf else {
            return LoginFlowPage.plain(.forbidden, "the form's request token is missing or wrong; reload the page")
        }
        let principal: Principal
        if let signedIn {
            principal = signedIn
        } else {
            let wait = throttle.delay(for: remoteAddress)
            if wait > .zero { try await Task.sleep(for: wait) }
            guard let checked = try await users.authenticate(name: form["user"] ?? "", password: form["password"] ?? ""),
                  checked.appPasswordID == nil
            else {
                throttle.recordFailure(remoteAddress)
                return page(flowID: flowID, message: "Wrong user name or password.")
            }
            throttle.recordSuccess(remoteAddress)
            principal = checked
        }
        let (_, token) = try await users.issueAppPassword(user: principal.name, name: flow.client)
        flows.withLock { $0[flowID]?.grant = (principal.name, token) }
        return LoginFlowPage.html(.ok, LoginFlowPage.done(title: "Access granted",
                                                          text: "\(flow.client) is connected to your account. You can close this window."))
    }

}
