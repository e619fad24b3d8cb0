import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird
import Testing

/// The web pages' login: CSRF on the form, an HttpOnly SameSite cookie, CSRF on every state change made with the
/// cookie, logout and password changes end sessions, no open redirects.
@Suite struct WebSessionTests {
    static func cookies(_ response: TestResponse) -> [String: String] {
        var out: [String: String] = [:]
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { out[String(pair[0])] = String(pair[1]) }
        }
        return out
    }

    /// Logs alice in through the form; returns (session cookie, CSRF token of the session).
    static func logIn(_ client: some TestClientProtocol, password: String = "alice-pw", redirect: String = "/apps/files/") async throws -> (String, String)? {
        let form = try await client.dav("GET", "/login?redirect=\(redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")", auth: nil)
        let csrfCookie = try #require(cookies(form)["hepbox_csrf"])
        let body = "requesttoken=\(csrfCookie)&user=alice&password=\(password)&redirect=\(redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        let posted = try await client.dav("POST", "/login", headers: ["Cookie": "hepbox_csrf=\(csrfCookie)", "Content-Type": "application/x-www-form-urlencoded"],
                                          body: body, auth: nil)
        guard posted.status == .seeOther, let session = cookies(posted)["hepbox_session"] else { return nil }
        let setCookie = posted.headers[.setCookie] ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
        let page = String(buffer: try await client.dav("GET", "/apps/files/", headers: ["Cookie": "hepbox_session=\(session)"], auth: nil).body)
        let csrf = try #require(page.components(separatedBy: "data-requesttoken=\"").dropFirst().first?.components(separatedBy: "\"").first)
        return (session, csrf)
    }

    @Test func aSessionWorksForWebDAVOnlyWithItsCSRFTokenOnChanges() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            #expect(try await client.dav("GET", "/apps/files/", auth: nil).status == .seeOther)
            let (session, csrf) = try #require(try await Self.logIn(client))
            let cookie = "hepbox_session=\(session)"
            let page = try await client.dav("GET", "/apps/files/", headers: ["Cookie": cookie], auth: nil)
            #expect(page.status == .ok && page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY" && page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(!String(buffer: page.body).contains("<script>"))  // no inline script
            let base = "/remote.php/dav/files/alice"
            #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Cookie": cookie, "Depth": "0"], auth: nil).status.code == 207)
            // A change without the token (what a forged cross-site request would be) is refused and changes nothing.
            #expect(try await client.dav("PUT", "\(base)/x.txt", headers: ["Cookie": cookie], body: "x", auth: nil).status == .unauthorized)
            #expect(try await client.dav("PUT", "\(base)/x.txt", headers: ["Cookie": cookie, "requesttoken": "wrong"], body: "x", auth: nil).status == .unauthorized)
            #expect(try await client.dav("GET", "\(base)/x.txt").status == .notFound)
            #expect(try await client.dav("PUT", "\(base)/x.txt", headers: ["Cookie": cookie, "requesttoken": csrf], body: "x", auth: nil).status == .created)
            let (code, _) = try await client.ocs("GET", "shares")
            #expect(code == 100)
            // Logging out ends the session on the server, not only in the browser.
            let logout = try await client.dav("POST", "/logout", headers: ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"],
                                              body: "requesttoken=\(csrf)", auth: nil)
            #expect(logout.status == .seeOther && (logout.headers[.setCookie] ?? "").contains("Max-Age=0"))
            #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Cookie": cookie, "Depth": "0"], auth: nil).status == .unauthorized)
        }
    }

    @Test func wrongPasswordsMissingTokensAndForeignRedirectsAreRefused() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            #expect(try await Self.logIn(client, password: "wrong") == nil)
            let noToken = try await client.dav("POST", "/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                               body: "user=alice&password=alice-pw", auth: nil)
            #expect(noToken.status == .forbidden && Self.cookies(noToken)["hepbox_session"] == nil)
            // An app password opens the API, not the web pages.
            let (_, app) = try await fixture.runtime.users.issueAppPassword(user: "alice", name: "test")
            #expect(try await fixture.runtime.sessions.login(name: "alice", password: app) == nil)
            let form = try await client.dav("GET", "/login", auth: nil)
            let csrf = try #require(Self.cookies(form)["hepbox_csrf"])
            let posted = try await client.dav("POST", "/login", headers: ["Cookie": "hepbox_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                              body: "requesttoken=\(csrf)&user=alice&password=alice-pw&redirect=%2F%2Fevil.example%2F", auth: nil)
            #expect(posted.headers[.location] == "/apps/files/")
        }
    }

    @Test func aPasswordChangeEndsEverySession() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let (session, _) = try #require(try await Self.logIn(client))
            try await fixture.runtime.users.setPassword(name: "alice", password: "new-password")
            #expect(try await client.dav("GET", "/apps/files/", headers: ["Cookie": "hepbox_session=\(session)"], auth: nil).status == .seeOther)
        }
    }

    @Test func theLoginFlowGrantPageUsesTheBrowserSession() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let (session, _) = try #require(try await Self.logIn(client))
            let start = String(buffer: try await client.dav("POST", "/index.php/login/v2", auth: nil).body)
            let login = try #require(start.components(separatedBy: "\"login\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            let token = try #require(start.components(separatedBy: "\"token\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            let path = try #require(URL(string: login)?.path)
            let page = String(buffer: try await client.dav("GET", path, headers: ["Cookie": "hepbox_session=\(session)"], auth: nil).body)
            #expect(page.contains("use-session") && !page.contains("type=\"password\""))
            let flow = try #require(page.components(separatedBy: "name=\"flow\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
            let csrf = try #require(page.components(separatedBy: "name=\"requesttoken\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
            let form = ["Cookie": "hepbox_session=\(session)", "Content-Type": "application/x-www-form-urlencoded"]
            // Without the session cookie, "use-session" grants nothing.
            let forged = try await client.dav("POST", "/index.php/login/v2/grant", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                              body: "flow=\(flow)&requesttoken=\(csrf)&use-session=1", auth: nil)
            #expect(!String(buffer: forged.body).contains("Access granted"))
            let granted = try await client.dav("POST", "/index.php/login/v2/grant", headers: form,
                                               body: "flow=\(flow)&requesttoken=\(csrf)&use-session=1", auth: nil)
            #expect(String(buffer: granted.body).contains("Access granted"))
            let poll = String(buffer: try await client.dav("POST", "/index.php/login/v2/poll", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                           body: "token=\(token)", auth: nil).body)
            #expect(poll.contains("\"loginName\":\"alice\""))
        }
    }
}
