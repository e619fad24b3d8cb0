import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite struct BulkUploadTests {
    @Test func storesEveryPartAndReportsErrorsPerFile() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            _ = try await client.dav("MKCOL", "/remote.php/dav/files/alice/dir")
            func part(_ path: String, _ content: String, md5: String) -> String {
                "--BOUNDARY\r\nX-File-Path: \(path)\r\nX-File-MD5: \(md5)\r\nX-File-Mtime: 1600000000\r\nContent-Length: \(content.utf8.count)\r\n\r\n\(content)\r\n"
            }
            let body = part("/dir/a.txt", "hello", md5: "5d41402abc4b2a76b9719d911017c592")
                + part("/dir/b.txt", "world", md5: "00000000000000000000000000000000")
                + part("/missing/c.txt", "x", md5: "9dd4e461268c8034f5c8564e155c67a6")
                + "--BOUNDARY--\r\n"
            let response = try await client.dav("POST", "/remote.php/dav/bulk",
                                                 headers: ["Content-Type": "multipart/related; boundary=BOUNDARY"], body: body)
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: Any]])
            #expect(json["/dir/a.txt"]?["error"] as? Bool == false)
            #expect((json["/dir/a.txt"]?["fileid"] as? String)?.isEmpty == false)
            #expect(json["/dir/b.txt"]?["error"] as? Bool == true)
            #expect(json["/missing/c.txt"]?["error"] as? Bool == true)
            #expect(String(buffer: try await client.dav("GET", "/remote.php/dav/files/alice/dir/a.txt").body) == "hello")
            #expect(try await client.dav("GET", "/remote.php/dav/files/alice/dir/b.txt").status == .notFound)
            let get = try await client.dav("GET", "/remote.php/dav/files/alice/dir/a.txt")
            #expect(get.headers[.lastModified] == "Sun, 13 Sep 2020 12:26:40 GMT")
        }
    }
}

@Suite struct SearchTests {
    @Test func findsByNameTypeSizeAndMtimeWithinAFolder() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            _ = try await client.dav("MKCOL", "\(base)/data")
            _ = try await client.dav("PUT", "\(base)/data/run1.root", headers: ["X-OC-Mtime": "1600000000"], body: String(repeating: "x", count: 100))
            _ = try await client.dav("PUT", "\(base)/data/notes.txt", headers: ["X-OC-Mtime": "1700000000"], body: "n")
            _ = try await client.dav("PUT", "\(base)/top.txt", body: "t")
            func search(_ condition: String, scope: String = "/files/alice/data") async throws -> String {
                let body = """
                <d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:basicsearch>
                <d:select><d:prop><d:displayname/><oc:fileid/></d:prop></d:select>
                <d:from><d:scope><d:href>\(scope)</d:href><d:depth>infinity</d:depth></d:scope></d:from>
                <d:where>\(condition)</d:where><d:orderby/></d:basicsearch></d:searchrequest>
                """
                let response = try await client.dav("SEARCH", "/remote.php/dav/", headers: ["Content-Type": "text/xml"], body: body)
                #expect(response.status.code == 207)
                return String(buffer: response.body)
            }
            let byName = try await search("<d:like><d:prop><d:displayname/></d:prop><d:literal>%.TXT</d:literal></d:like>")
            #expect(byName.contains("data/notes.txt") && !byName.contains("top.txt") && !byName.contains("run1.root"))
            let everywhere = try await search("<d:like><d:prop><d:displayname/></d:prop><d:literal>%.txt</d:literal></d:like>", scope: "/files/alice")
            #expect(everywhere.contains("top.txt") && everywhere.contains("notes.txt"))
            let bySize = try await search("<d:gt><d:prop><oc:size/></d:prop><d:literal>50</d:literal></d:gt>")
            #expect(bySize.contains("run1.root") && !bySize.contains("notes.txt"))
            let byTime = try await search("<d:and><d:lt><d:prop><d:getlastmodified/></d:prop><d:literal>2021-01-01T00:00:00Z</d:literal></d:lt><d:not><d:is-collection/></d:not></d:and>")
            #expect(byTime.contains("run1.root") && !byTime.contains("notes.txt"))
            let byType = try await search("<d:eq><d:prop><d:getcontenttype/></d:prop><d:literal>text/plain</d:literal></d:eq>")
            #expect(byType.contains("notes.txt") && !byType.contains("run1.root"))
            // Someone else's files are out of reach.
            let body = "<d:searchrequest xmlns:d=\"DAV:\"><d:basicsearch><d:select><d:prop><d:displayname/></d:prop></d:select><d:from><d:scope><d:href>/files/alice</d:href></d:scope></d:from><d:where><d:is-collection/></d:where></d:basicsearch></d:searchrequest>"
            #expect(try await client.dav("SEARCH", "/remote.php/dav/", body: body, auth: ServerFixture.basic("bob", "bob-pw")).status == .notFound)
        }
    }
}

@Suite struct SyncClientQuirkTests {
    @Test func bulkUploadRespectsEachFilesIfMatch() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            _ = try await client.dav("PUT", "/remote.php/dav/files/alice/f.txt", body: "mine")
            let body = "--B\r\nX-File-Path: /f.txt\r\nX-File-MD5: 5d41402abc4b2a76b9719d911017c592\r\nIf-Match: \"0000000000000000\"\r\nX-File-Mtime: 1600000000\r\nContent-Length: 5\r\n\r\nhello\r\n--B--\r\n"
            let response = try await client.dav("POST", "/remote.php/dav/bulk", headers: ["Content-Type": "multipart/related; boundary=B"], body: body)
            #expect(String(buffer: response.body).contains("\"error\":true"))
            #expect(String(buffer: try await client.dav("GET", "/remote.php/dav/files/alice/f.txt").body) == "mine")
        }
    }

    @Test func bulkUploadIsOfferedOnlyToClientsThatSendItCorrectly() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let old = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/capabilities?format=json",
                headers: ["User-Agent": "Mozilla/5.0 (Linux) mirall/3.7.3 (Nextcloudcmd, debian-6.1) nextcloudcmd"]).body)
            #expect(!old.contains("bulkupload"))
            let new = String(buffer: try await client.dav("GET", "/ocs/v1.php/cloud/capabilities?format=json",
                headers: ["User-Agent": "Mozilla/5.0 (Linux) mirall/3.12.1 (Nextcloud, debian-6.1 ClientArchitecture: x86_64)"]).body)
            #expect(new.contains("\"bulkupload\":\"1.0\""))
        }
    }

    @Test func aMoveKeepsTheFilesOwnEtagAndChangesItsParents() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            _ = try await client.dav("MKCOL", "\(base)/d")
            let put = try await client.dav("PUT", "\(base)/d/m1.txt", body: "x")
            let folderBefore = try await client.dav("PROPFIND", "\(base)/d/", headers: ["Depth": "0"])
            let moved = try await client.dav("MOVE", "\(base)/d/m1.txt", headers: ["Destination": "\(base)/d/m2.txt"])
            #expect(moved.headers[.eTag] == put.headers[.eTag])
            let folderAfter = try await client.dav("PROPFIND", "\(base)/d/", headers: ["Depth": "0"])
            func etag(_ r: TestResponse) -> String? { String(buffer: r.body).components(separatedBy: "<d:getetag>").dropFirst().first?.components(separatedBy: "<").first }
            #expect(etag(folderBefore) != etag(folderAfter))
        }
    }

    @Test func theFinalMoveOfAChunkedUploadHonoursAnIfHeaderOnTheTarget() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let put = try await client.dav("PUT", "/remote.php/dav/files/alice/big%20%C3%BC.bin", body: "old")
            let etag = try #require(put.headers[.eTag])
            for (id, tag, expected) in [("u1", "\"stale\"", 412), ("u2", etag, 204)] {
                _ = try await client.dav("MKCOL", "/remote.php/dav/uploads/alice/\(id)")
                _ = try await client.dav("PUT", "/remote.php/dav/uploads/alice/\(id)/0000000000000000", body: "new")
                let move = try await client.dav("MOVE", "/remote.php/dav/uploads/alice/\(id)/.file", headers: [
                    "Destination": "/remote.php/dav/files/alice/big%20%C3%BC.bin",
                    "If": "</remote.php/dav/files/alice/big%20%C3%BC.bin> ([\(tag)])", "OC-Total-Length": "3",
                ])
                #expect(Int(move.status.code) == expected, "\(id)")
            }
            #expect(String(buffer: try await client.dav("GET", "/remote.php/dav/files/alice/big%20%C3%BC.bin").body) == "new")
        }
    }
}

@Suite struct MalformedXMLTests {
    @Test func truncatedOrMismatchedBodiesAreRefusedAndChangeNothing() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let base = "/remote.php/dav/files/alice"
            _ = try await client.dav("PUT", "\(base)/x.txt", body: "x")
            for body in ["<d:propfind xmlns:d=\"DAV:\"><d:prop>", "<d:propfind xmlns:d=\"DAV:\"><d:prop></d:propfind>"] {
                #expect(try await client.dav("PROPFIND", "\(base)/", headers: ["Depth": "0"], body: body).status == .badRequest, "\(body)")
            }
            let patch = "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><z:trunc xmlns:z=\"urn:z\">1</z:trunc></d:prop></d:set>"
            #expect(try await client.dav("PROPPATCH", "\(base)/x.txt", body: patch).status == .badRequest)
            let check = try await client.dav("PROPFIND", "\(base)/x.txt", headers: ["Depth": "0"],
                                             body: "<d:propfind xmlns:d=\"DAV:\"><d:prop><z:trunc xmlns:z=\"urn:z\"/></d:prop></d:propfind>")
            #expect(String(buffer: check.body).contains("404 Not Found"))
            let lock = "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype>"
            #expect(try await client.dav("LOCK", "\(base)/x.txt", body: lock).status == .badRequest)
        }
    }
}

@Suite struct HTTPDateFormatTests {
    @Test func rfc1123AndISODatesArePadded() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            _ = try await client.dav("PUT", "/remote.php/dav/files/alice/d.txt", headers: ["X-OC-Mtime": "946782245"], body: "d")
            let get = try await client.dav("GET", "/remote.php/dav/files/alice/d.txt")
            #expect(get.headers[.lastModified] == "Sun, 02 Jan 2000 03:04:05 GMT")
            let xml = String(buffer: try await client.dav("PROPFIND", "/remote.php/dav/files/alice/d.txt", headers: ["Depth": "0"]).body)
            #expect(xml.contains("<d:creationdate>2000-01-02T03:04:05Z</d:creationdate>"))
            // If-Modified-Since parses what we print.
            let cached = try await client.dav("GET", "/remote.php/dav/files/alice/d.txt", headers: ["If-Modified-Since": "Sun, 02 Jan 2000 03:04:05 GMT"])
            #expect(cached.status == .notModified)
        }
    }
}
