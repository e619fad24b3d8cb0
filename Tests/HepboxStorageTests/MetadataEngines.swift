import Foundation
import HepboxCore
import HepboxStorage
import Testing

/// The metadata engines every conformance test runs against.
enum MetadataEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, memory

    var testDescription: String { rawValue }

    func make() throws -> any MetadataStore {
        switch self {
        case .sqlite: try SQLiteMetadataStore(path: TemporaryDirectory.make().appendingPathComponent("meta.db").path)
        case .memory: InMemoryMetadataStore()
        }
    }
}

/// Scratch directories for stores under test. Stores have no teardown hook in the harness, so every directory lives
/// under one root per test process that is removed when the process exits.
enum TemporaryDirectory {
    private static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hepbox-storage-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: TemporaryDirectory.root) }
        return url
    }()

    static func make() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Builders of sample rows.
enum Sample {
    static func root(_ owner: String) -> NewNode {
        NewNode(parentID: nil, owner: owner, name: "", kind: .folder, size: 0, mtime: 1, etag: "r")
    }

    static func file(_ name: String, in parent: NodeID, owner: String = "alice", blob: String? = nil) -> NewNode {
        NewNode(parentID: parent, owner: owner, name: name, kind: .file, size: 5, mtime: 1_700_000_000, etag: "e1",
                blobID: blob, checksums: blob.map { _ in Checksums(sha1: "aa", md5: "bb", adler32: "0000000c") },
                contentType: "text/plain")
    }

    static func folder(_ name: String, in parent: NodeID, owner: String = "alice") -> NewNode {
        NewNode(parentID: parent, owner: owner, name: name, kind: .folder, size: 0, mtime: 2, etag: "f1")
    }

    static func user(_ name: String, quota: Int64? = nil) -> UserRecord {
        UserRecord(name: name, displayName: name.capitalized, email: "\(name)@example.org", passwordHash: "$2b$hash",
                   quota: quota, isAdmin: false, createdAt: 42)
    }

    static func lock(_ token: String, owner: String = "alice", path: String = "a/b") -> LockRecord {
        LockRecord(token: token, treeOwner: owner, path: path, scope: .exclusive, deep: true,
                   ownerXML: "<D:href>me</D:href>", principal: owner, timeoutSeconds: 600, expiresAt: 1_800_000_000)
    }

    static func blob(_ id: String, replicas: [String] = ["n1", "n2"]) -> BlobRecord {
        BlobRecord(id: id, size: 3 << 20, checksums: Checksums(sha1: "s", md5: "m", adler32: "0badf00d"),
                   blockSize: 1 << 20, blockChecksums: [0, 1, 0xffff_ffff], replicas: replicas)
    }
}

struct Boom: Error {}
