import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
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
