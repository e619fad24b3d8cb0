import Foundation
@testable import HepboxServer
import Hummingbird
import Logging
import Synchronization
import Testing

/// A failure on the server's side reaches the administrators through the log, with the request's reference, and
/// the client gets that reference instead of the server's internals.
@Suite struct ServerFaultTests {
    private final class Lines: Sendable {
        let written = Mutex<[String]>([])
        var all: String { written.withLock { $0.joined() } }
    }

    @Test func aDamagedFileAnswers500WithAReferenceAndTheLogHasTheDetails() async throws {
        let fixture = try await ServerFixture()
        let lines = Lines()
        let logger = Logger(label: "hepbox") { ServerLogHandler(label: $0) { line in lines.written.withLock { $0.append(line) } } }
        let dataDirectory = fixture.directory.path
        try await fixture.test(.live, logger: logger) { client in
            let content = String(repeating: "physics ", count: 1_000)
            #expect(try await client.dav("PUT", "/remote.php/dav/files/alice/damaged.txt", body: content).status == .created)
            let blobs = try Self.blobFiles(under: fixture.directory)
            try #require(blobs.count == 1)
            let handle = try FileHandle(forUpdating: blobs[0])
            try handle.seek(toOffset: 100)
            try handle.write(contentsOf: Data("X".utf8))
            try handle.close()

            let answer = try await client.dav("GET", "/remote.php/dav/files/alice/damaged.txt")
            #expect(answer.status == .internalServerError)
            let body = String(buffer: answer.body)
            let reference = try #require(body.firstMatch(of: /reference ([^:]+):/)?.1)
            #expect(body.contains("the server could not read a good copy of the stored data"))
            #expect(!body.contains(dataDirectory) && !body.contains(blobs[0].lastPathComponent), "\(body)")

            let log = lines.all
            #expect(log.contains(" error hepbox:"), "\(log)")
            #expect(log.contains("hb.request.id=\(reference)"), "\(log)")
            #expect(log.contains("user=alice"), "\(log)")
            #expect(log.contains("GET /remote.php/dav/files/alice/damaged.txt failed: no good copy of block 0 of blob \(blobs[0].lastPathComponent)"),
                    "\(log)")

            // Small ranges are read before the answer too, so their failure is a status, not a cut-short body.
            for ranges in ["bytes=0-99", "bytes=0-9,20-29"] {
                let partial = try await client.dav("GET", "/remote.php/dav/files/alice/damaged.txt", headers: ["Range": ranges])
                #expect(partial.status == .internalServerError && String(buffer: partial.body).contains("reference"), "\(ranges)")
            }
            #expect(lines.written.withLock { $0.filter { $0.contains(" error ") }.count } == 3)

            // The request's own faults go to the client as they are and are not logged as the server's.
            let missing = try await client.dav("GET", "/remote.php/dav/files/alice/nothing.txt")
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("nothing.txt"))
            #expect(lines.written.withLock { $0.filter { $0.contains(" error ") }.count } == 3)

            // The web pages do the same: the file manager's preview of the damaged file.
            let (session, _) = try #require(try await WebSessionTests.logIn(client))
            let preview = try await client.dav("GET", "/apps/files/preview?path=/damaged.txt",
                                               headers: ["Cookie": "hepbox_session=\(session)"], auth: nil)
            #expect(preview.status == .internalServerError)
            let page = String(buffer: preview.body)
            let pageReference = try #require(page.firstMatch(of: /reference ([^:]+):/)?.1)
            #expect(pageReference != reference && !page.contains(dataDirectory) && !page.contains(blobs[0].lastPathComponent))
            #expect(lines.all.contains("hb.request.id=\(pageReference)"))
            #expect(lines.all.contains("GET /apps/files/preview failed: no good copy of block 0"), "\(lines.all)")
        }
    }

    /// A download whose body streams (larger than what is read whole before answering) meets the damage after its
    /// head was sent: the client sees the body cut short, and the log says what happened.
    @Test func aFaultWhileADownloadStreamsIsLogged() async throws {
        let fixture = try await ServerFixture { $0.blockSize = 64 << 10 }
        let lines = Lines()
        let logger = Logger(label: "hepbox") { ServerLogHandler(label: $0) { line in lines.written.withLock { $0.append(line) } } }
        try await fixture.test(.live, logger: logger) { client in
            let content = String(repeating: "0123456789abcdef", count: 40_000)  // 640,000 bytes: 10 blocks
            #expect(try await client.dav("PUT", "/remote.php/dav/files/alice/big.txt", body: content).status == .created)
            let blobs = try Self.blobFiles(under: fixture.directory)
            try #require(blobs.count == 1)
            let handle = try FileHandle(forUpdating: blobs[0])
            try handle.seek(toOffset: 500_000)  // block 7
            try handle.write(contentsOf: Data("X".utf8))
            try handle.close()

            let answer = try? await client.dav("GET", "/remote.php/dav/files/alice/big.txt")
            #expect(answer.map { $0.body.readableBytes < 640_000 } ?? true, "the damaged download arrived whole")
            let log = lines.all
            #expect(log.contains("GET /remote.php/dav/files/alice/big.txt failed while its answer was sent: no good copy of block 7"),
                    "\(log)")
            #expect(log.contains("user=alice"))
        }
    }

    /// Replica files of the embedded default storage node (one node, R = 1, inside the data directory).
    private static func blobFiles(under directory: URL) throws -> [URL] {
        guard let walk = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return walk.compactMap { $0 as? URL }.filter {
            $0.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "blobs"
        }
    }
}
