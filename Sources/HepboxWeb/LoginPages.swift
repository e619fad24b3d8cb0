import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// `/login` (form + POST) and `/logout`. The login form carries a double-submit CSRF token (a random cookie echoed in
/// the form); failed logins are throttled per client address like every other login.
struct LoginPages {
    let sessions: SessionService
    let throttle: LoginThrottle

    func form(_ request: Request, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = RandomToken.alphanumeric(length: 32)
        let target = Self.safeRedirect(FormEncoding.decode(request.uri.query ?? "")["redirect"])
        var headers = HTTPFields()
        headers[.setCookie] = "\(PasswordForm.csrfCookie)=\(csrf); Path=/login; HttpOnly; SameSite=Strict"
        let body = """
        <section class="card narrow"><h1>Log in to hepbox</h1>
        \(message.map { "<p class=\"error\" role=\"alert\">\(HTMLPage.escape($0))</p>" } ?? "")
        <form method="post" action="/login" id="login-form">
        <input type="hidden" name="requesttoken" value="\(csrf)"><input type="hidden" name="redirect" value="\(HTMLPage.escape(target))">
        <label for="user">User name</label><input id="user" name="user" autocomplete="username" required autofocus>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <p><button class="button" type="submit" id="login-submit">Log in</button></p></form></section>
        """
        return HTMLPage.response(status, title: "Log in", body: body, extraHeaders: headers)
    }

    func submit(_ request: Request, remoteAddress: String) async throws -> Response {
        let fields = try await PasswordForm.fields(request)
        guard let sent = fields["requesttoken"], sent.count >= 32,
              LinkSession.cookies(request.headers[.cookie])[PasswordForm.csrfCookie] == sent else {
            return form(request, message: "The form expired. Please try again.", status: .forbidden)
        }
        let wait = throttle.delay(for: remoteAddress)
        if wait > .zero { try await Task.sleep(for: wait) }
        guard let name = fields["user"], let password = fields["password"],
              let started = try await sessions.login(name: name, password: password) else {
            throttle.recordFailure(remoteAddress)
            return form(request, message: "Wrong user name or password.", status: .unauthorized)
        }
        throttle.recordSuccess(remoteAddress)
        var headers = HTTPFields()
        headers[.setCookie] = WebSession.setCookie(started.token, secure: WebSession.isSecure(request), maxAge: sessions.lifetime)
        return HTMLPage.redirect(to: Self.safeRedirect(fields["redirect"]), headers: headers)
    }

    func logout(_ request: Request) async throws -> Response {
        let fields = try await PasswordForm.fields(request)
        // Only a request carrying the session's CSRF token ends it (another site cannot log the user out).
        if try await WebSession.principal(request, sessions: sessions, formToken: fields["requesttoken"]) != nil,
           let token = WebSession.token(request) {
            try await sessions.logout(token: token)
        }
        var headers = HTTPFields()
        headers[.setCookie] = WebSession.clearCookie(secure: WebSession.isSecure(request))
        return HTMLPage.redirect(to: "/login", headers: headers)
    }

    /// Only local paths: never an open redirect to another site.
    static func safeRedirect(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\") else { return "/apps/files/" }
        return target
    }
}
