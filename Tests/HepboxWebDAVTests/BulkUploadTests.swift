import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
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
