import HepboxCore
import HTTPTypes
import Hummingbird
import Testing

@Suite struct WebDAVTests {
    let base = "/remote.php/dav/files/alice"

    @Test func putGetPropfindRoundTrip() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let put = try await client.dav("PUT", "\(base)/hello%20world.txt", headers: ["X-OC-Mtime": "1700000000"], body: "hi there")
            #expect(put.status == .created)
            #expect(put.headers[HTTPField.Name("X-OC-MTime")!] == "accepted")
            #expect(put.headers[HTTPField.Name("OC-FileId")!]?.hasPrefix("0000000") == true)
            let get = try await client.dav("GET", "\(base)/hello%20world.txt")
            #expect(String(buffer: get.body) == "hi there")
            #expect(get.headers[.lastModified] == "Tue, 14 Nov 2023 22:13:20 GMT")

            let body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getetag/><oc:id/><oc:permissions/><oc:checksums/><d:getcontentlength/><oc:nothing/></d:prop></d:propfind>"
            let listing = try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "1"], body: body)
            #expect(listing.status.code == 207)
            #expect(listing.headers[.contentType] == "application/xml; charset=utf-8")
            let xml = String(buffer: listing.body)
            #expect(xml.contains("<d:href>\(base)/</d:href>"))
            #expect(xml.contains("<d:href>\(base)/hello%20world.txt</d:href>"))
            #expect(xml.contains("<oc:permissions>RGDNVW</oc:permissions>"))
            #expect(xml.contains("SHA1:"))
            #expect(xml.contains("<d:getcontentlength>8</d:getcontentlength>"))
            #expect(xml.contains("HTTP/1.1 404 Not Found"))
            // The 200 propstat comes first (pyocclient reads only the first).
            let ok = try #require(xml.range(of: "HTTP/1.1 200 OK"))
            let missing = try #require(xml.range(of: "HTTP/1.1 404 Not Found"))
            #expect(ok.lowerBound < missing.lowerBound)
        }
    }

    @Test func rangesAndConditionalRequests() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            _ = try await client.dav("PUT", "\(base)/r.txt", body: "0123456789")
            let one = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=2-4"])
            #expect(one.status == .partialContent)
            #expect(String(buffer: one.body) == "234")
            #expect(one.headers[.contentRange] == "bytes 2-4/10")
            let multi = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=0-1,-2"])
            #expect(multi.status == .partialContent)
            #expect(multi.headers[.contentType]?.hasPrefix("multipart/byteranges") == true)
            #expect(String(buffer: multi.body).contains("01") && String(buffer: multi.body).contains("89"))
            let outside = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=50-60"])
            #expect(outside.status == .rangeNotSatisfiable)
            // Ranges that would send the file many times over are ignored: the file comes once, whole.
            for amplifying in [Array(repeating: "0-9", count: 3), (0..<201).map { "\($0 % 10)-\($0 % 10)" }] {
                let whole = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=" + amplifying.joined(separator: ",")])
                #expect(whole.status == .ok && String(buffer: whole.body) == "0123456789")
            }
            let many = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=" + (0..<10).map { "\($0)-\($0)" }.joined(separator: ",")])
            #expect(many.status == .partialContent)
            let etag = try #require(one.headers[.eTag])
            let notModified = try await client.dav("GET", "\(base)/r.txt", headers: ["If-None-Match": etag])
            #expect(notModified.status == .notModified)
            let stale = try await client.dav("PUT", "\(base)/r.txt", headers: ["If-Match": "\"stale\""], body: "x")
            #expect(stale.status == .preconditionFailed)
            let ifRange = try await client.dav("GET", "\(base)/r.txt", headers: ["Range": "bytes=0-0", "If-Range": "\"other\""])
            #expect(ifRange.status == .ok)
        }
    }

    @Test func badInputGetsClearErrors() async throws {
        let fixture = try await ServerFixture { $0.maxXMLBodyBytes = 2048 }
        try await fixture.test { client in
            for bad in ["\(base)/%2e%2e/%2e%2e/etc/passwd", "\(base)/a/../b", "\(base)/a%00b", "\(base)/a%01b"] {
                let response = try await client.dav("PUT", bad, body: "x")
                #expect(response.status == .badRequest, "\(bad)")
            }
            let dtd = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"y\">]><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>"
            #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], body: dtd).status == .badRequest)
            #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], body: "<d:propfind").status == .badRequest)
            let big = "<d:propfind xmlns:d=\"DAV:\"><d:prop>" + String(repeating: "<d:getetag/>", count: 500) + "</d:prop></d:propfind>"
            #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], body: big).status == .contentTooLarge)
            #expect(try await client.dav("PUT", "\(base)/no/parent.txt", body: "x").status == .conflict)
            #expect(try await client.dav("MKCOL", "\(base)/no/parent").status == .conflict)
            let infinity = try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "infinity"])
            #expect(infinity.status == .forbidden)
            #expect(String(buffer: infinity.body).contains("propfind-finite-depth"))
            let checksum = try await client.dav("PUT", "\(base)/c.txt", headers: ["OC-Checksum": "SHA1:0000"], body: "x")
            #expect(checksum.status == .badRequest)
            #expect(try await client.dav("GET", "\(base)/c.txt").status == .notFound)
        }
    }

    @Test func authenticationAndIsolation() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let anonymous = try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], auth: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            let wrong = try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], auth: ServerFixture.basic("alice", "nope"))
            #expect(wrong.status == .unauthorized)
            _ = try await client.dav("PUT", "\(base)/private.txt", body: "mine")
            let bob = ServerFixture.basic("bob", "bob-pw")
            #expect(try await client.dav("GET", "\(base)/private.txt", auth: bob).status == .notFound)
            #expect(try await client.dav("DELETE", "\(base)/private.txt", auth: bob).status == .notFound)
            // The legacy tree is always the caller's own.
            let legacy = try await client.dav("GET", "/remote.php/webdav/private.txt")
            #expect(String(buffer: legacy.body) == "mine")
            #expect(try await client.dav("GET", "/remote.php/webdav/private.txt", auth: bob).status == .notFound)
        }
    }

    @Test func moveKeepsTheFileIDAndAcceptsAFullURLDestination() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let put = try await client.dav("PUT", "\(base)/a.txt", body: "x")
            let id = put.headers[HTTPField.Name("OC-FileId")!]
            let move = try await client.dav("MOVE", "\(base)/a.txt", headers: ["Destination": "http://localhost\(base)/b.txt"])
            #expect(move.status == .created)
            #expect(move.headers[HTTPField.Name("OC-FileId")!] == id)
            #expect(try await client.dav("GET", "\(base)/a.txt").status == .notFound)
            _ = try await client.dav("PUT", "\(base)/c.txt", body: "c")
            let noOverwrite = try await client.dav("MOVE", "\(base)/b.txt", headers: ["Destination": "\(base)/c.txt", "Overwrite": "F"])
            #expect(noOverwrite.status == .preconditionFailed)
            let outside = try await client.dav("COPY", "\(base)/b.txt", headers: ["Destination": "/remote.php/dav/files/bob/b.txt"])
            #expect(outside.status == .forbidden)
        }
    }
}

@Suite struct VersionsDAVTests {
    @Test func listDownloadAndRestoreAVersion() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            let put = try await client.dav("PUT", "\(base)/v.txt", body: "first")
            _ = try await client.dav("PUT", "\(base)/v.txt", body: "second")
            let fileID = try #require(put.headers[HTTPField.Name("OC-FileId")!].flatMap { Int($0.prefix(8)) })
            let listing = try await client.dav("PROPFIND", "/remote.php/dav/versions/alice/versions/\(fileID)/", headers: ["Depth": "1"])
            #expect(listing.status.code == 207)
            let xml = String(buffer: listing.body)
            let hrefs = xml.components(separatedBy: "<d:href>").dropFirst().compactMap { $0.components(separatedBy: "</d:href>").first }
            let versionHref = try #require(hrefs.first { !$0.hasSuffix("/") })
            #expect(String(buffer: try await client.dav("GET", versionHref).body) == "first")
            let restore = try await client.dav("COPY", versionHref, headers: ["Destination": "/remote.php/dav/versions/alice/restore/target"])
            #expect(restore.status == .noContent)
            #expect(String(buffer: try await client.dav("GET", "\(base)/v.txt").body) == "first")
            let bob = ServerFixture.basic("bob", "bob-pw")
            #expect(try await client.dav("GET", versionHref, auth: bob).status == .notFound)
            #expect(try await client.dav("PROPFIND", "/remote.php/dav/versions/alice/versions/1%zz/").status == .badRequest)
        }
    }
}

@Suite struct TrashDAVTests {
    @Test func listRestoreAndEmptyTheTrashBin() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            _ = try await client.dav("PUT", "\(base)/t.txt", body: "bye")
            #expect(try await client.dav("DELETE", "\(base)/t.txt").status == .noContent)
            let listing = try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/alice/trash/", headers: ["Depth": "1"])
            let xml = String(buffer: listing.body)
            #expect(xml.contains("<nc:trashbin-original-location>t.txt</nc:trashbin-original-location>"))
            let item = try #require(xml.components(separatedBy: "<d:href>/remote.php/dav/trash-bin/alice/trash/").dropFirst()
                .compactMap { $0.components(separatedBy: "</d:href>").first }.first { !$0.isEmpty })
            let restore = try await client.dav("MOVE", "/remote.php/dav/trash-bin/alice/trash/\(item)",
                                               headers: ["Destination": "/remote.php/dav/trash-bin/alice/restore/t.txt"])
            #expect(restore.status == .created)
            #expect(String(buffer: try await client.dav("GET", "\(base)/t.txt").body) == "bye")
            _ = try await client.dav("DELETE", "\(base)/t.txt")
            #expect(try await client.dav("DELETE", "/remote.php/dav/trash-bin/alice/trash/").status == .noContent)
            let empty = String(buffer: try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/alice/trash/", headers: ["Depth": "1"]).body)
            #expect(!empty.contains("trashbin-original-location"))
            #expect(try await client.dav("PROPFIND", "/remote.php/dav/trash-bin/alice/trash/", headers: ["Depth": "1"],
                                         auth: ServerFixture.basic("bob", "bob-pw")).status == .notFound)
            // Item names are percent-decoded like file paths: a broken encoding or an encoded slash is refused.
            #expect(try await client.dav("DELETE", "/remote.php/dav/trash-bin/alice/trash/bad%zz").status == .badRequest)
            #expect(try await client.dav("DELETE", "/remote.php/dav/trash-bin/alice/trash/a%2Fb").status == .badRequest)
        }
    }
}

@Suite struct ThrottlingTests {
    @Test func repeatedWrongPasswordsAreSlowedDown() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let wrong = ServerFixture.basic("alice", "guess")
            for _ in 0..<3 { #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"], auth: wrong).status == .unauthorized) }
            let start = ContinuousClock.now
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"], auth: wrong).status == .unauthorized)
            #expect(ContinuousClock.now - start >= .milliseconds(800))
            // The right password still works (after the wait) and clears the record.
            #expect(try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"]).status.code == 207)
            let after = ContinuousClock.now
            _ = try await client.dav("PROPFIND", "/remote.php/webdav/", headers: ["Depth": "0"])
            #expect(ContinuousClock.now - after < .milliseconds(800))
        }
    }
}

@Suite struct FavoritesAndQuotaDAVTests {
    @Test func favoritesAreStoredAndReported() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            _ = try await client.dav("MKCOL", "\(base)/d")
            _ = try await client.dav("PUT", "\(base)/d/star.txt", body: "*")
            _ = try await client.dav("PUT", "\(base)/plain.txt", body: "-")
            let patch = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:set><d:prop><oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>"
            #expect(try await client.dav("PROPPATCH", "\(base)/d/star.txt", body: patch).status.code == 207)
            let report = "<oc:filter-files xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><oc:favorite/><d:getetag/></d:prop><oc:filter-rules><oc:favorite>1</oc:favorite></oc:filter-rules></oc:filter-files>"
            let xml = String(buffer: try await client.dav("REPORT", "\(base)/", body: report).body)
            #expect(xml.contains("\(base)/d/star.txt") && !xml.contains("plain.txt"))
            #expect(xml.contains("<oc:favorite>1</oc:favorite>"))
            let plain = String(buffer: try await client.dav("PROPFIND", "\(base)/plain.txt", headers: ["Depth": "0"],
                body: "<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><oc:favorite/></d:prop></d:propfind>").body)
            #expect(plain.contains("<oc:favorite>0</oc:favorite>"))
        }
    }

    @Test func chunkedUploadsOverTheQuotaAreRefusedUpFront() async throws {
        let fixture = try await ServerFixture { $0.defaultQuota = 1000 }
        try await fixture.test { client in
            let refused = try await client.dav("MKCOL", "/remote.php/dav/uploads/alice/t1", headers: ["OC-Total-Length": "5000"])
            #expect(refused.status.code == 507)
            #expect(try await client.dav("MKCOL", "/remote.php/dav/uploads/alice/t2", headers: ["OC-Total-Length": "500"]).status == .created)
            #expect(try await client.dav("PUT", "/remote.php/dav/uploads/alice/t2/0000000000000000", body: String(repeating: "a", count: 300)).status == .created)
            #expect(try await client.dav("PUT", "/remote.php/dav/uploads/alice/t2/0000000000000001", body: String(repeating: "b", count: 200)).status == .created)
            let done = try await client.dav("MOVE", "/remote.php/dav/uploads/alice/t2/.file",
                                            headers: ["Destination": "/remote.php/dav/files/alice/joined.txt", "OC-Total-Length": "500"])
            #expect(done.status == .created, "\(String(buffer: done.body))")
            #expect(String(buffer: try await client.dav("GET", "/remote.php/dav/files/alice/joined.txt").body)
                    == String(repeating: "a", count: 300) + String(repeating: "b", count: 200))
            // A lying total length is caught on the bytes.
            _ = try await client.dav("MKCOL", "/remote.php/dav/uploads/alice/t3", headers: ["OC-Total-Length": "10"])
            _ = try await client.dav("PUT", "/remote.php/dav/uploads/alice/t3/0000000000000000", body: String(repeating: "c", count: 900))
            let over = try await client.dav("MOVE", "/remote.php/dav/uploads/alice/t3/.file",
                                            headers: ["Destination": "/remote.php/dav/files/alice/big.txt"])
            #expect(over.status.code == 507)
            #expect(try await client.dav("GET", "/remote.php/dav/files/alice/big.txt").status == .notFound)
        }
    }
}
