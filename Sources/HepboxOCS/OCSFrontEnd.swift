import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// `/status.php` and the OCS API (`/ocs/v1.php/…`, `/ocs/v2.php/…`): discovery and identity for the sync clients.
/// Each route is its own small file under `Routes/`.
public struct OCSFrontEnd: Sendable {
    public struct Services: Sendable {
        public var files: FileService
        public var users: UserDirectory
        public var groups: GroupDirectory
        public var shares: ShareService
        public var capabilities: ServerCapabilities
        public init(files: FileService, users: UserDirectory, groups: GroupDirectory, shares: ShareService,
                    capabilities: ServerCapabilities) {
            self.files = files
            self.users = users
            self.groups = groups
            self.shares = shares
            self.capabilities = capabilities
        }
    }

    let services: Services

    public init(services: Services) { self.services = services }

    public static func handles(path: String) -> Bool {
        path == "/status.php" || path.hasPrefix("/ocs/v1.php/") || path.hasPrefix("/ocs/v2.php/")
    }

    /// Answers a request (`faults` logs what fails on the server's side).
    public func respond(to request: Request, principal: Principal?, faults: FaultLog) async -> Response {
        let path = request.uri.path
        if path == "/status.php" { return StatusRoute.response(services.capabilities) }
        let version: OCSEnvelope.Version = path.hasPrefix("/ocs/v2.php/") ? .v2 : .v1
        let route = String(path.dropFirst("/ocs/v1.php/".count))
        let wantsJSON = request.uri.queryParameters.get("format") == "json"
            || (request.headers[.accept]?.contains("application/json") ?? false)
        let envelope = OCSEnvelope(version: version, json: wantsJSON)
        do {
            switch (request.method, route) {
            case (.get, "cloud/capabilities"):
                return envelope.ok(CapabilitiesRoute.data(services.capabilities, userAgent: request.headers[.userAgent]))
            case (.get, "cloud/user"):
                guard let principal else { return envelope.failure(code: 997, message: "Current user is not logged in") }
                return envelope.ok(try await CurrentUserRoute.data(principal, services: services))
            case (.get, "core/getapppassword"):
                guard let principal else { return envelope.failure(code: 997, message: "Current user is not logged in") }
                let client = request.headers[.userAgent] ?? "client"
                return envelope.ok(try await AppPasswordRoute.issue(principal, services: services, clientName: client))
            case (.delete, "core/apppassword"):
                guard let principal else { return envelope.failure(code: 997, message: "Current user is not logged in") }
                return envelope.ok(try await AppPasswordRoute.revoke(principal, services: services))
            default:
                if route.hasPrefix(ShareRoute.prefix) {
                    guard let principal else { return envelope.failure(code: 997, message: "Current user is not logged in") }
                    let form = try await FormBody.parse(request)
                    if let data = try await ShareRoute.handle(method: request.method.rawValue, route: route,
                                                              query: Self.query(request), form: form, principal: principal,
                                                              services: services, baseURL: Self.baseURL(request)) {
                        return envelope.ok(data)
                    }
                } else if let principal, route.hasPrefix("cloud/users") || route.hasPrefix("cloud/groups") {
                    let form = try await FormBody.parse(request)
                    if let data = try await ProvisioningRoute.handle(method: request.method.rawValue, route: route,
                                                                     query: Self.query(request),
                                                                     form: form, principal: principal, services: services) {
                        return envelope.ok(data)
                    }
                } else if principal == nil && (route.hasPrefix("cloud/users") || route.hasPrefix("cloud/groups")) {
                    return envelope.failure(code: 997, message: "Current user is not logged in")
                }
                return envelope.failure(code: 998, message: "no OCS route \(request.method.rawValue) \(route)")
            }
        } catch {
            let error = faults.visible(error, user: principal?.name)
            let code = switch error.code {
            case .notFound: route.hasPrefix(ShareRoute.prefix) ? 404 : 998
            case .forbidden: 403
            case .badRequest: 400
            case .unauthorized: 997
            default: 996
            }
            return envelope.failure(code: code, message: error.message)
        }
    }
}

extension OCSFrontEnd {
    static func query(_ request: Request) -> [String: String] {
        // The raw query, decoded as a form: `+` is a space, as requests and browsers encode it.
        FormBody.decode(request.uri.query ?? "")
    }

    /// The server's address as the client used it (links it hands out point there).
    public static func baseURL(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        let host = request.headers[HTTPField.Name("X-Forwarded-Host")!] ?? request.head.authority ?? "localhost"
        return scheme + "://" + host
    }
}

/// What the server advertises; built in the composition root from what is really implemented.
public struct ServerCapabilities: Sendable {
    public var version = "25.0.3.2"
    public var versionString = "25.0.3"
    public var productName = "hepbox"
    /// The uploads tree (`/remote.php/dav/uploads/…`): turns on the clients' "chunking NG".
    public var chunking = true
    public init() {}
}
