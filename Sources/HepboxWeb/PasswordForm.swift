import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird

/// The password form of a protected link, with a double-submit CSRF token (a random cookie echoed in the form).
enum PasswordForm {
    static let csrfCookie = "hepbox_csrf"

    static func page(token: String, message: String?, status: HTTPResponse.Status = .unauthorized) -> Response {
        let csrf = RandomToken.alphanumeric(length: 32)
        var headers = HTTPFields()
        headers[.setCookie] = "\(csrfCookie)=\(csrf); Path=/s/; HttpOnly; SameSite=Strict"
        let body = """
        <section class="card"><h1>This link is protected</h1><p class="meta">Enter the password you were given.</p>
        \(message.map { "<p class=\"error\" role=\"alert\">\(HTMLPage.escape($0))</p>" } ?? "")
        <form method="post" action="/s/\(HTMLPage.escape(token))/authenticate">
        <input type="hidden" name="requesttoken" value="\(csrf)">
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
        <p><button class="button" type="submit">Open</button></p></form></section>
        """
        return HTMLPage.response(status, title: "Protected link", body: body, extraHeaders: headers)
    }

    static func fields(_ request: Request) async throws -> [String: String] {
        var bytes: [UInt8] = []
        for try await chunk in ClientBody(request.body) {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > 16 << 10 { throw HepboxError(.payloadTooLarge, "the form is too large") }
        }
        return FormEncoding.decode(String(decoding: bytes, as: UTF8.self))
    }

    static func csrfMatches(form: [String: String], cookieHeader: String?) -> Bool {
        guard let sent = form["requesttoken"], sent.count >= 32 else { return false }
        return LinkSession.cookies(cookieHeader)[csrfCookie] == sent
    }
}
