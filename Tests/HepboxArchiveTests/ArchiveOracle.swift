import Foundation
import HepboxArchive
import Synchronization
import Testing

/// What an archive must hold, as `zip_oracle.py` reads it.
struct ExpectedEntry: Encodable {
    var name: String
    var folder = false
    var mtime: Int64
    /// The exact bytes of a small file, in hex.
    var hex: String?
    /// The byte count of a file whose content is `PatternContent`.
    var pattern: Int64?

    static func file(_ name: String, _ bytes: [UInt8], mtime: Int64) -> ExpectedEntry {
        ExpectedEntry(name: name, mtime: mtime, hex: bytes.map { String(format: "%02x", $0) }.joined())
    }
}

/// An archive written to a temporary file, with what the sink saw.
struct WrittenArchive {
    let url: URL
    let largestSinkChunk: Int
    let bytesWritten: Int64
}

/// The largest chunk a sink was handed.
final class LargestChunk: Sendable {
    private let largest = Mutex(0)
    var value: Int { largest.withLock { $0 } }
    func record(_ count: Int) { largest.withLock { $0 = max($0, count) } }
}

/// Writes archives to temporary files and checks them with real readers: Info-ZIP's `unzip` and Python's
/// `zipfile` (the project venv's interpreter when `HEPBOX_TEST_PYTHON` names it).
final class ArchiveWorkspace {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(compression: ZipCompression = .store,
               _ body: (inout ZipStreamWriter) async throws -> Void) async throws -> WrittenArchive {
        let url = folder.appendingPathComponent("archive-\(UUID().uuidString).zip")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let largestChunk = LargestChunk()
        var writer = try ZipStreamWriter(compression: compression) { bytes in
            largestChunk.record(bytes.count)
            try handle.write(contentsOf: bytes)
        }
        try await body(&writer)
        return WrittenArchive(url: url, largestSinkChunk: largestChunk.value, bytesWritten: writer.bytesWritten)
    }

    /// Fails the current test unless `unzip -t`, `unzip -Z1` and Python's zipfile all agree the archive holds
    /// exactly `entries`, byte for byte.
    func verify(_ archive: WrittenArchive, entries: [ExpectedEntry], compression: String = "store", zip64: Bool = false,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let size = try FileManager.default.attributesOfItem(atPath: archive.url.path)[.size] as? Int64
        #expect(size == archive.bytesWritten, "file size vs bytes handed to the sink", sourceLocation: sourceLocation)

        let test = try run("unzip", ["-t", "-qq", archive.url.path])
        #expect(test.status == 0, "unzip -t: \(test.output.prefix(2000))", sourceLocation: sourceLocation)

        let listing = try run("unzip", ["-Z1", archive.url.path])
        let names = listing.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(listing.status == 0, "unzip -Z1: \(listing.output.prefix(2000))", sourceLocation: sourceLocation)
        #expect(names == entries.map(\.name), "unzip -Z1 names", sourceLocation: sourceLocation)

        let manifest = folder.appendingPathComponent("manifest-\(UUID().uuidString).json")
        struct Manifest: Encodable { var compression: String; var zip64: Bool; var entries: [ExpectedEntry] }
        try JSONEncoder().encode(Manifest(compression: compression, zip64: zip64, entries: entries)).write(to: manifest)
        let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("zip_oracle.py")
        let python = ProcessInfo.processInfo.environment["HEPBOX_TEST_PYTHON"] ?? "python3"
        let checked = try run(python, [oracle.path, archive.url.path, manifest.path])
        #expect(checked.status == 0, "zip_oracle.py: \(checked.output)", sourceLocation: sourceLocation)
    }

    /// Runs a tool found on PATH (or given by absolute path) under a UTF-8 locale, so names print as UTF-8.
    private func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a listing of many entries would fill the pipe and stall the tool.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
