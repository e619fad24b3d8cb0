import Foundation
import HepboxCore
import HTTPTypes
import Hummingbird
import Testing

/// Public links over `/public.php/webdav` and `/s/<token>`: passwords, expiry, file drops, no way out.
@Suite struct PublicLinkTests {
    let alice = "/remote.php/dav/files/alice"

    static func link(_ token: String, _ password: String = "") -> String { ServerFixture.basic(token, password) }

    @Test func aPasswordProtectedLinkReadsItsFolderAndNothingElse() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice] client in
            _ = try await client.dav("MKCOL", "\(alice)/Pub")
            _ = try await client.dav("PUT", "\(alice)/Pub/a.txt", body: "shared")
            _ = try await client.dav("PUT", "\(alice)/private.txt", body: "secret")
            let share = try await client.share(["path": "/Pub", "shareType": "3", "password": "pw-1234"])
            let token = try #require(share["token"] as? String)
            #expect(token.count >= 15 && token.allSatisfy { $0.isLetter || $0.isNumber })
            #expect((share["url"] as? String)?.hasSuffix("/s/\(token)") == true)
            let record = try await fixture.runtime.shares.link(token: token).0
            #expect(record.passwordHash?.hasPrefix("$2") == true && record.passwordHash?.contains("pw-1234") == false)

            let ok = try await client.dav("GET", "/public.php/webdav/a.txt", auth: Self.link(token, "pw-1234"))
            #expect(ok.status == .ok && String(buffer: ok.body) == "shared")
            #expect(try await client.dav("PROPFIND", "/public.php/webdav/", headers: ["Depth": "1"], auth: Self.link(token, "pw-1234")).status.code == 207)
            #expect(try await client.dav("GET", "/public.php/webdav/a.txt", auth: Self.link(token, "wrong")).status == .unauthorized)
            #expect(try await client.dav("GET", "/public.php/webdav/a.txt", auth: nil).status == .unauthorized)
            // Read-only: no writes; no way out of the folder; not a key to alice's own tree.
            #expect(try await client.dav("PUT", "/public.php/webdav/b.txt", body: "x", auth: Self.link(token, "pw-1234")).status == .forbidden)
            for escape in ["/public.php/webdav/../private.txt", "/public.php/webdav/%2e%2e/private.txt", "/public.php/webdav/..%2fprivate.txt"] {
                let response = try await client.dav("GET", escape, auth: Self.link(token, "pw-1234"))
                #expect(response.status == .badRequest || response.status == .notFound, "\(escape)")
                #expect(!String(buffer: response.body).contains("secret"))
            }
            #expect(try await client.dav("GET", "\(alice)/private.txt", auth: Self.link(token, "pw-1234")).status == .unauthorized)
            #expect(try await client.dav("GET", "/remote.php/dav/trash-bin/\(AccessPolicy.linkOwner(token: token))/trash/",
                                         auth: Self.link(token, "pw-1234")).status != .ok)

            // The web page asks for the password first.
            let page = try await client.dav("GET", "/s/\(token)", auth: nil)
            #expect(page.status == .ok && String(buffer: page.body).contains("type=\"password\"") && !String(buffer: page.body).contains("a.txt"))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            #expect(try await client.dav("GET", "/s/\(token)/download?path=/a.txt", auth: nil).status == .unauthorized)
        }
    }

    @Test func expiredAndDeletedLinksStopWorking() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice] client in
            _ = try await client.dav("PUT", "\(alice)/f.txt", body: "file")
            let share = try await client.share(["path": "/f.txt", "shareType": "3"])
            let token = try #require(share["token"] as? String)
            let id = try #require(share["id"] as? String)
            let download = try await client.dav("GET", "/s/\(token)/download", auth: nil)
            #expect(download.status == .ok && String(buffer: download.body) == "file")
            #expect(download.headers[.contentDisposition]?.contains("f.txt") == true)
            let (past, _) = try await client.ocs("PUT", "shares/\(id)", form: ["expireDate": "2020-01-01"])
            #expect(past == 400)
            // Expire it the way time would: the stored expiry passes.
            let record = try await fixture.runtime.shares.link(token: token).0
            try await fixture.runtime.metadata.write { tx in
                var expired = record
                expired.expiration = 1_000
                try tx.update(share: expired)
            }
            #expect(try await client.dav("GET", "/s/\(token)/download", auth: nil).status == .notFound)
            #expect(try await client.dav("GET", "/public.php/webdav/", auth: Self.link(token)).status == .unauthorized)
            let second = try await client.share(["path": "/f.txt", "shareType": "3"])
            let token2 = try #require(second["token"] as? String)
            _ = try await client.ocs("DELETE", "shares/\(try #require(second["id"] as? String))")
            #expect(try await client.dav("GET", "/s/\(token2)/download", auth: nil).status == .notFound)
        }
    }

    @Test func aFileDropTakesUploadsButShowsNothing() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice] client in
            _ = try await client.dav("MKCOL", "\(alice)/Inbox")
            _ = try await client.dav("PUT", "\(alice)/Inbox/existing.txt", body: "mine")
            let share = try await client.share(["path": "/Inbox", "shareType": "3", "publicUpload": "true", "permissions": "4"])
            #expect(share["permissions"] as? Int == 4)
            let token = try #require(share["token"] as? String)
            let auth = Self.link(token)
            #expect(try await client.dav("PROPFIND", "/public.php/webdav/", headers: ["Depth": "1"], auth: auth).status == .forbidden)
            #expect(try await client.dav("GET", "/public.php/webdav/existing.txt", auth: auth).status == .forbidden)
            #expect(try await client.dav("PUT", "/public.php/webdav/report.pdf", body: "one", auth: auth).status == .created)
            // The same name again does not overwrite what the dropper cannot see.
            #expect(try await client.dav("PUT", "/public.php/webdav/existing.txt", body: "theirs", auth: auth).status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(alice)/Inbox/existing.txt").body) == "mine")
            #expect(String(buffer: try await client.dav("GET", "\(alice)/Inbox/existing%20(2).txt").body) == "theirs")
            #expect(try await client.dav("DELETE", "/public.php/webdav/report.pdf", auth: auth).status != .noContent)
            let page = String(buffer: try await client.dav("GET", "/s/\(token)", auth: nil).body)
            #expect(page.contains("drop-form") && !page.contains("existing.txt"))
            // A file link cannot take uploads.
            _ = try await client.dav("PUT", "\(alice)/single.txt", body: "s")
            let (code, _) = try await client.ocs("POST", "shares", form: ["path": "/single.txt", "shareType": "3", "publicUpload": "true"])
            #expect(code == 403)
        }
    }

    @Test func aFolderLinkListsAndDownloadsAsAZip() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { [alice] client in
            _ = try await client.dav("MKCOL", "\(alice)/Set")
            _ = try await client.dav("MKCOL", "\(alice)/Set/sub")
            _ = try await client.dav("PUT", "\(alice)/Set/one.txt", body: "1")
            _ = try await client.dav("PUT", "\(alice)/Set/sub/two%20%C3%BC.txt", body: "22")
            let token = try #require(try await client.share(["path": "/Set", "shareType": "3"])["token"] as? String)
            let page = String(buffer: try await client.dav("GET", "/s/\(token)", auth: nil).body)
            #expect(page.contains("one.txt") && page.contains("sub") && page.contains("Download all"))
            let sub = String(buffer: try await client.dav("GET", "/s/\(token)?path=%2Fsub", auth: nil).body)
            #expect(sub.contains("two ü.txt"))
            #expect(try await client.dav("GET", "/s/\(token)?path=%2F..%2F", auth: nil).status == .badRequest)
            let zip = try await client.dav("GET", "/s/\(token)/download", auth: nil)
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let bytes = Array(zip.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // a local file header first
            #expect(try ZipMember.text(of: "Set/sub/two ü.txt", in: bytes) == "22")
        }
    }
}
