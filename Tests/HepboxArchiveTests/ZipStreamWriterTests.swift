import Foundation
import HepboxArchive
import Testing

@Suite("ZipStreamWriter archives, checked by unzip and Python's zipfile")
struct ZipStreamWriterTests {
    let workspace: ArchiveWorkspace
    init() throws { workspace = try ArchiveWorkspace() }

    @Test func nestedFoldersEmptyFilesAndUnicodeNames() async throws {
        let events = noise(150_000, seed: 7)
        let notes = Array("Résumé: Higgs → γγ ✓\n".utf8)
        let written = try await workspace.write { zip in
            try await zip.addFolder(.folder("data", mtime: 1_600_000_000))
            try await zip.addFolder(.folder("data/run 1/", mtime: 1_600_000_002))
            // Uneven chunks, an empty one among them, and one larger than the writer's slice.
            let parts = [Array(events[..<10]), [], Array(events[10..<100_000]), Array(events[100_000...])]
            try await zip.add(.file("data/run 1/events.bin", mtime: 1_700_000_000, size: 150_000), content: chunks(parts))
            try await zip.add(.file("data/empty.txt", mtime: 1_700_000_002, size: 0), content: chunks([]))
            try await zip.add(.file("data/empty-unknown-size.txt", mtime: 1_700_000_004), content: chunks([[]]))
            try await zip.addFolder(.folder("données/ユニコード", mtime: 1_500_000_000))
            try await zip.add(.file("données/ユニコード/résumé ✓ 🧪.txt", mtime: 1_500_000_010), content: chunks([notes]))
            try await zip.add(.file("a/b/c/d/e/deep.txt", mtime: 1_000_000_000, size: 3), content: chunks([[0x61], [0x62, 0x0A]]))
            try await zip.finish()
        }
        try workspace.verify(written, entries: [
            ExpectedEntry(name: "data/", folder: true, mtime: 1_600_000_000),
            ExpectedEntry(name: "data/run 1/", folder: true, mtime: 1_600_000_002),
            .file("data/run 1/events.bin", events, mtime: 1_700_000_000),
            .file("data/empty.txt", [], mtime: 1_700_000_002),
            .file("data/empty-unknown-size.txt", [], mtime: 1_700_000_004),
            ExpectedEntry(name: "données/ユニコード/", folder: true, mtime: 1_500_000_000),
            .file("données/ユニコード/résumé ✓ 🧪.txt", notes, mtime: 1_500_000_010),
            .file("a/b/c/d/e/deep.txt", Array("ab\n".utf8), mtime: 1_000_000_000),
        ])
    }

    /// More than 65,535 entries need the ZIP64 end-of-central-directory records.
    @Test func manyEntriesUseZip64EndRecords() async throws {
        let count = 70_000
        var expected = [ExpectedEntry(name: "many/", folder: true, mtime: 1_650_000_000)]
        let written = try await workspace.write { zip in
            try await zip.addFolder(.folder("many/", mtime: 1_650_000_000))
            for index in 0..<count {
                let name = "many/\(index).txt", bytes = Array("\(index)\n".utf8)
                // Every third file without a size, so both header layouts are counted in.
                let size: Int64? = index % 3 == 0 ? nil : Int64(bytes.count)
                try await zip.add(.file(name, mtime: 1_650_000_000, size: size), content: chunks([bytes]))
                expected.append(.file(name, bytes, mtime: 1_650_000_000))
            }
            try await zip.finish()
        }
        try workspace.verify(written, entries: expected, zip64: true)
    }

    /// 48 MiB through the writer while it holds a few slices at most: memory does not follow the file size.
    @Test func largeEntryKeepsTheBufferBounded() async throws {
        let size: Int64 = 48 << 20
        var peakWhileStreaming = 0
        let written = try await workspace.write { zip in
            try await zip.add(.file("big/pattern.bin", mtime: 1_690_000_000, size: size), content: PatternContent(size: size))
            try await zip.add(.file("big/unknown-size.bin", mtime: 1_690_000_000), content: PatternContent(size: 3 << 20))
            peakWhileStreaming = zip.peakBufferedBytes
            try await zip.finish()
        }
        #expect(peakWhileStreaming <= 2 * ZipStreamWriter.sliceSize + 1024)
        #expect(written.largestSinkChunk <= 2 * ZipStreamWriter.sliceSize)
        try workspace.verify(written, entries: [
            ExpectedEntry(name: "big/pattern.bin", mtime: 1_690_000_000, pattern: size),
            ExpectedEntry(name: "big/unknown-size.bin", mtime: 1_690_000_000, pattern: 3 << 20),
        ])
    }

    @Test func deflateCompression() async throws {
        let text = Array(String(repeating: "px py pz E m\n", count: 20_000).utf8)
        let written = try await workspace.write(compression: .deflate) { zip in
            try await zip.add(.file("tables/known.txt", mtime: 1_600_000_000, size: Int64(text.count)), content: chunks([text]))
            try await zip.add(.file("tables/unknown.txt", mtime: 1_600_000_000), content: chunks([text, text]))
            try await zip.finish()
        }
        #expect(written.bytesWritten < Int64(text.count))
        try workspace.verify(written, entries: [
            .file("tables/known.txt", text, mtime: 1_600_000_000),
            .file("tables/unknown.txt", text + text, mtime: 1_600_000_000),
        ], compression: "deflate")
    }

    /// A set `HEPBOX_ZIP_LARGE_TEST=1` runs it: 4 GiB + 3 MiB streamed from a generator (a minute or more, and as
    /// much free disk), then a file whose offset is past 4 GiB.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HEPBOX_ZIP_LARGE_TEST"] == "1"))
    func entryLargerThan4GiB() async throws {
        let size: Int64 = (4 << 30) + (3 << 20)
        var peakWhileStreaming = 0
        let written = try await workspace.write { zip in
            try await zip.add(.file("huge.bin", mtime: 1_690_000_000, size: size), content: PatternContent(size: size))
            try await zip.add(.file("after.txt", mtime: 1_690_000_000, size: 6), content: chunks([Array("after\n".utf8)]))
            peakWhileStreaming = zip.peakBufferedBytes
            try await zip.finish()
        }
        #expect(peakWhileStreaming <= 2 * ZipStreamWriter.sliceSize + 1024)
        try workspace.verify(written, entries: [
            ExpectedEntry(name: "huge.bin", mtime: 1_690_000_000, pattern: size),
            .file("after.txt", Array("after\n".utf8), mtime: 1_690_000_000),
        ], zip64: true)
    }
}
