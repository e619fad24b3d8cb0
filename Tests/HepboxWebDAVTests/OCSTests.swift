import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite struct OCSTests {
    @Test func statusCapabilitiesAndUserInBothVersionsAndFormats() async throws {
        let fixture = try await ServerFixture { $0.defaultQuota = 1000 }
        try await fixture.test { client in
            let status = try await client.dav("GET", "/status.php", auth: nil)
            #expect(String(buffer: status.body).contains("\"installed\":true"))
            let caps = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/capabilities?format=json", headers: ["OCS-APIREQUEST": "true"]).body)
            #expect(caps.contains("\"statuscode\":100") && caps.contains("\"chunking\":\"1.0\"") && caps.contains("\"edition\":\"\""))
            #expect(!caps.contains("tus_support"))
            let xml = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/capabilities").body)
            #expect(xml.contains("<statuscode>100</statuscode>") && xml.contains("<edition></edition>"))
            let user = String(buffer: try await client.dav("GET", "/ocs/v2.php/cloud/user?format=json").body)
            #expect(user.contains("\"statuscode\":200") && user.contains("\"id\":\"alice\"") && user.contains("\"total\":1000"))
            let anonymous = try await client.dav("GET", "/ocs/v2.php/cloud/user?format=json", auth: nil)
            #expect(anonymous.status == .unauthorized)
            let unknown = try await client.dav("GET", "/ocs/v2.php/apps/nothing/here")
            #expect(unknown.status == .notFound)
        }
    }

    @Test func appPasswordsWorkAsBasicPasswordsAndRevokeThemselves() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let issued = String(buffer: try await client.dav("GET", "/ocs/v2.php/core/getapppassword?format=json").body)
            let token = try #require(issued.components(separatedBy: "\"apppassword\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            #expect(token.count >= 64)
            let app = ServerFixture.basic("alice", token)
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"], auth: app).status.code == 207)
            // An app password cannot mint more app passwords, and only works for its own user.
            #expect(try await client.dav("GET", "/ocs/v2.php/core/getapppassword?format=json", auth: app).status == .forbidden)
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"],
                                         auth: ServerFixture.basic("bob", token)).status == .unauthorized)
            #expect(try await client.dav("DELETE", "/ocs/v2.php/core/apppassword?format=json", auth: app).status == .ok)
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"], auth: app).status == .unauthorized)
        }
    }
}

@Suite struct ProvisioningTests {
    @Test func adminsManageAccountsOthersMayNot() async throws {
        let fixture = try await ServerFixture()
        try await fixture.runtime.users.add(name: "root", password: "root-pw", isAdmin: true)
        let admin = ServerFixture.basic("root", "root-pw")
        try await fixture.test { client in
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let created = try await client.dav("POST", "/ocs/v1.php/cloud/users?format=json", headers: form,
                                               body: "userid=carol&password=c%26rol-pw&email=carol%40lab.org", auth: admin)
            #expect(String(buffer: created.body).contains("\"statuscode\":100"))
            let list = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/users?search=car&format=json", auth: admin).body)
            #expect(list.contains("\"carol\"") && !list.contains("\"alice\""))
            _ = try await client.dav("PUT", "/ocs/v1.php/cloud/users/carol?format=json", headers: form, body: "key=quota&value=2048", auth: admin)
            let carol = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/users/carol?format=json", auth: admin).body)
            #expect(carol.contains("\"email\":\"carol@lab.org\"") && carol.contains("\"total\":2048"))
            // The new account's password works (and its '&' survived form decoding).
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"],
                                         auth: ServerFixture.basic("carol", "c&rol-pw")).status.code == 207)
            let refused = try await client.dav("GET", "/ocs/v2.php/cloud/users?format=json")
            #expect(refused.status == .forbidden)
            _ = try await client.dav("DELETE", "/ocs/v1.php/cloud/users/carol?format=json", auth: admin)
            #expect(try await fixture.runtime.users.user(named: "carol") == nil)
        }
    }
}

@Suite struct LoginFlowTests {
    @Test func aBrowserGrantGivesThePollingClientOneAppPassword() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let start = try await client.dav("POST", "/index.php/login/v2", headers: ["User-Agent": "nextcloudcmd"], auth: nil)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: start.body)) as? [String: Any])
            let poll = try #require(json["poll"] as? [String: String])
            let token = try #require(poll["token"])
            let login = try #require(json["login"] as? String)
            let flowPath = try #require(login.range(of: "/index.php/").map { String(login[$0.lowerBound...]) })
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            #expect(try await client.dav("POST", "/index.php/login/v2/poll", headers: form, body: "token=\(token)", auth: nil).status == .notFound)

            let page = try await client.dav("GET", flowPath, auth: nil)
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            let html = String(buffer: page.body)
            #expect(!html.contains("<script"))
            let csrf = try #require(html.components(separatedBy: "name=\"requesttoken\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
            let flowID = String(flowPath.split(separator: "/").last ?? "")
            // Without the page's request token the grant is refused (CSRF).
            let forged = try await client.dav("POST", "/index.php/login/v2/grant", headers: form,
                                              body: "flow=\(flowID)&user=alice&password=alice-pw", auth: nil)
            #expect(forged.status == .forbidden)
            let wrong = try await client.dav("POST", "/index.php/login/v2/grant", headers: form,
                                             body: "flow=\(flowID)&requesttoken=\(csrf)&user=alice&password=nope", auth: nil)
            #expect(String(buffer: wrong.body).contains("Wrong user name or password"))
            let granted = try await client.dav("POST", "/index.php/login/v2/grant", headers: form,
                                               body: "flow=\(flowID)&requesttoken=\(csrf)&user=alice&password=alice-pw", auth: nil)
            #expect(String(buffer: granted.body).contains("Access granted"))

            let answer = try await client.dav("POST", "/index.php/login/v2/poll", headers: form, body: "token=\(token)", auth: nil)
            #expect(answer.status == .ok)
            let credentials = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: String])
            #expect(credentials["loginName"] == "alice")
            let appPassword = try #require(credentials["appPassword"])
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"],
                                         auth: ServerFixture.basic("alice", appPassword)).status.code == 207)
            // The answer is given once.
            #expect(try await client.dav("POST", "/index.php/login/v2/poll", headers: form, body: "token=\(token)", auth: nil).status == .notFound)
        }
    }
}
