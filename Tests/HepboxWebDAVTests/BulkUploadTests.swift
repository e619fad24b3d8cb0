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
