import Foundation
import HepboxArchive
import Testing

@Suite("ZipStreamWriter refuses bad input with a clear error")
struct ZipBadInputTests {
    let workspace: ArchiveWorkspace
    init() throws { workspace = try ArchiveWorkspace() }

    static let unsafeFilePaths = [
        "", "/etc/passwd", "../escape.txt", "a/../../escape.txt", "a/..", "./a.txt", "a/./b.txt", "a//b.txt",
        "C:/Windows/x.txt", "c:x.txt", "a\\..\\..\\x.txt", "nul\u{0}byte.txt", "a/file/",
        String(repeating: "n", count: 65_536),
    ]

    /// Each refusal names the path, writes nothing and leaves the writer usable: the archive holds only the good file.
    @Test func refusesPathsThatCouldEscapeOrAreNotNames() async throws {
        let written = try await workspace.write { zip in
            for path in Self.unsafeFilePaths {
                await #expect(throws: ZipArchiveError.self, "\(path.prefix(40))") {
                    try await zip.add(.file(path, mtime: 1_600_000_000), content: chunks([[1]]))
                }
                do {
                    try await zip.add(.file(path, mtime: 1_600_000_000), content: chunks([[1]]))
                } catch let ZipArchiveError.invalidPath(refused, reason) {
                    #expect(refused == path && !reason.isEmpty)
                }
            }
            for path in ["/abs/", "../up/", "a/../", "a//", "D:/"] {
                await #expect(throws: ZipArchiveError.self, "\(path)") { try await zip.addFolder(.folder(path, mtime: 0)) }
            }
            try await zip.add(.file("good.txt", mtime: 1_600_000_000, size: 2), content: chunks([[0x6F, 0x6B]]))
            try await zip.finish()
        }
        try workspace.verify(written, entries: [.file("good.txt", [0x6F, 0x6B], mtime: 1_600_000_000)])
    }

    @Test func refusesFolderAndFileMixUpsAndNegativeSizes() async throws {
        _ = try await workspace.write { zip in
            await #expect(throws: ZipArchiveError.invalidEntry("f/", reason: "a folder has no content: use addFolder")) {
                try await zip.add(.folder("f/", mtime: 0), content: chunks([]))
            }
            await #expect(throws: ZipArchiveError.invalidEntry("f.txt", reason: "not a folder: use add(_:content:)")) {
                try await zip.addFolder(.file("f.txt", mtime: 0))
            }
            await #expect(throws: ZipArchiveError.invalidEntry("f.txt", reason: "negative size")) {
                try await zip.add(.file("f.txt", mtime: 0, size: -1), content: chunks([]))
            }
            try await zip.finish()
        }
    }

    @Test(arguments: [(declared: Int64(10), parts: [[UInt8]]([[1, 2, 3], [4, 5]]), streamed: Int64(5)),
                      (declared: Int64(3), parts: [[UInt8]]([[1, 2], [3, 4, 5]]), streamed: Int64(5))])
    func sizeMismatchThrowsAndClosesTheWriter(declared: Int64, parts: [[UInt8]], streamed: Int64) async throws {
        _ = try await workspace.write { zip in
            await #expect(throws: ZipArchiveError.sizeMismatch("x.bin", declared: declared, streamed: streamed)) {
                try await zip.add(.file("x.bin", mtime: 0, size: declared), content: chunks(parts))
            }
            await #expect(throws: ZipArchiveError.writerClosed) {
                try await zip.add(.file("y.bin", mtime: 0), content: chunks([]))
            }
            await #expect(throws: ZipArchiveError.writerClosed) { try await zip.finish() }
        }
    }

    @Test func contentAndSinkErrorsReachTheCaller() async throws {
        _ = try await workspace.write { zip in
            await #expect(throws: ContentFailure()) {
                try await zip.add(.file("broken.bin", mtime: 0), content: FailingContent())
            }
            await #expect(throws: ZipArchiveError.writerClosed) { try await zip.finish() }
        }

        struct SinkFailure: Error, Equatable {}
        var zip = try ZipStreamWriter { _ in throw SinkFailure() }
        await #expect(throws: SinkFailure()) {
            try await zip.add(.file("a.bin", mtime: 0), content: PatternContent(size: 1 << 20))
        }
        await #expect(throws: ZipArchiveError.writerClosed) { try await zip.finish() }
    }

    @Test func finishTwiceIsRefused() async throws {
        _ = try await workspace.write { zip in
            try await zip.finish()
            await #expect(throws: ZipArchiveError.writerClosed) { try await zip.finish() }
        }
    }
}
