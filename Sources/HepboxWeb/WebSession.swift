import HepboxCore
import HTTPTypes
import Hummingbird

/// The session cookie of the web pages (`hepbox_session`: HttpOnly, SameSite=Lax, Secure behind TLS) and the
/// check that a state-changing request echoes the session's CSRF token (`requesttoken` header or form field).
public enum WebSession {
    public static let cookie = "hepbox_session"

    public static func token(_ request: Request) -> String? {
        LinkSession.cookies(request.headers[.cookie])[cookie].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The principal of a browser request: a live session, and for anything but a safe method the right CSRF
    /// token. nil otherwise.
    public static func principal(_ request: Request, sessions: SessionService, formToken: String? = nil) async throws
        -> (Principal, SessionRecord)?
    {
        guard let token = token(request), let (principal, session) = try await sessions.principal(token: token) else { return nil }
        if isSafe(request.method) { return (principal, session) }
        let echoed = request.headers[HTTPField.Name("requesttoken")!] ?? formToken
        guard let echoed, constantTimeEqual(echoed, session.csrfToken) else { return nil }
        return (principal, session)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options || method.rawValue == "PROPFIND"
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func setCookie(_ token: String, secure: Bool, maxAge: Int64) -> String {
        "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(maxAge)\(secure ? "; Secure" : "")"
    }

    static func clearCookie(secure: Bool) -> String {
        "\(cookie)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0\(secure ? "; Secure" : "")"
    }

    static func isSecure(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
    }
}
