import Foundation
import Testing
@testable import RootIO

@Suite("Codecs and corrupted input")
struct CodecAndCorruptionTests {
    static let codecFiles = ["uproot-HZZ.root", "uproot-HZZ-zlib.root", "uproot-HZZ-lz4.root", "uproot-HZZ-lzma.root",
                             "uproot-HZZ-zstd.root", "uproot-HZZ-uncompressed.root"]

    /// The HZZ events written with zlib, LZ4, LZMA, ZSTD and without compression read identically.
    @Test func everyCodecGivesIdenticalArrays() throws {
        let reference = try RootFile(path: TestEnvironment.file(Self.codecFiles[0])).tree("events")
        #expect(reference.branchNames.count == 51)
        for name in Self.codecFiles.dropFirst() {
            let tree = try RootFile(path: TestEnvironment.file(name)).tree("events")
            #expect(tree.branchNames == reference.branchNames, "\(name) branch list")
            for branch in reference.branchNames {
                let a = try reference.read(branch), b = try tree.read(branch)
                #expect(a.values.littleEndianBytes == b.values.littleEndianBytes && a.offsets == b.offsets, "\(name) \(branch)")
            }
        }
    }

    /// The codec of each block comes from its own header: the first basket of Jet_Px in each file.
    @Test(arguments: [("uproot-HZZ-zlib.root", "ZL"), ("uproot-HZZ-lz4.root", "L4"), ("uproot-HZZ-lzma.root", "XZ"),
                      ("uproot-HZZ-zstd.root", "ZS")])
    func basketsUseTheExpectedCodec(file: String, magic: String) throws {
        let root = try RootFile(path: TestEnvironment.file(file))
        let layout = try root.tree("events").layout("Jet_Px")
        guard case .disk(let seek, let bytes) = layout.branch.baskets[0].storage else {
            Issue.record("first Jet_Px basket is not on disk"); return
        }
        let raw = try root.source.read(at: seek, count: bytes)
        var cursor = RootCursor(bytes: raw, keyOrigin: 0, context: "test")
        let key = try RootKey.parse(&cursor)
        #expect(String(decoding: raw[key.keyLength..<key.keyLength + 2], as: UTF8.self) == magic)
    }

    /// Reads a copy of `name` with one byte of the first basket of `branch` changed; the read must fail.
    func readWithFlippedByte(_ name: String, branch: String, at fraction: Double) throws -> (any Error)? {
        let path = TestEnvironment.file(name)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let layout = try RootFile(path: path).tree("events").layout(branch)
        guard case .disk(let seek, let size) = layout.branch.baskets[0].storage else { return nil }
        let keyLength = Int(bytes[Int(seek) + 14]) << 8 | Int(bytes[Int(seek) + 15])
        let target = Int(seek) + keyLength + 9 + Int(Double(size - keyLength - 9) * fraction)
        bytes[target] ^= 0x5A
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-corrupt-\(getpid())-\(name)")
        try Data(bytes).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            _ = try RootFile(path: copy.path).tree("events").read(branch)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["uproot-HZZ-zlib.root", "uproot-HZZ-lz4.root", "uproot-HZZ-lzma.root"])
    func flippedByteInACompressedBasketIsAnError(file: String) throws {
        for fraction in [0.1, 0.5, 0.9] {
            let error = try readWithFlippedByte(file, branch: "Jet_Px", at: fraction)
            #expect(error != nil, "\(file): corrupted basket read without error at \(fraction)")
            if let error = error as? RootError, case .decompression(let message) = error {
                #expect(message.contains("Jet_Px"))
            } else {
                Issue.record("\(file): expected a decompression error, got \(String(describing: error))")
            }
        }
    }

    @Test func truncatedFileIsAnError() throws {
        let path = TestEnvironment.file("uproot-HZZ.root")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-truncated-\(getpid()).root")
        try bytes.prefix(bytes.count / 2).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(throws: RootError.self) { try RootFile(path: copy.path) }
        // Even when the header check is bypassed, reads past the end fail instead of returning data.
        let source = try LocalFileSource(path: copy.path)
        #expect(throws: RootError.self) { try source.read(at: Int64(bytes.count / 2) - 10, count: 20) }
    }

    @Test func notARootFileIsAnError() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hepbox-notroot-\(getpid()).root")
        try Data("hello, this is not ROOT".utf8).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(throws: RootError.self) { try RootFile(path: copy.path) }
    }
}
