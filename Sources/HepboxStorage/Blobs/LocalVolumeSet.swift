#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HepboxCore

/// Resolves the configured node directories to volumes, reading each `node-id` afresh so that a node directory
/// deleted under a running server is noticed (its replicas become missing) and, for writers, recreated empty
/// with a new identity.
struct LocalVolumeSet: VolumeSet {
    let directories: [String]
    let offload: Offload
    /// The last full resolution, reused while every node still has the same `node-id` file and its `blobs` and
    /// `tmp` directories (a few `stat`s instead of a thread hop and a dozen calls on every request).
    private let resolved = Mutex<[ResolvedNode]?>(nil)

    init(directories: [String], offload: Offload) {
        self.directories = directories
        self.offload = offload
    }

    func volumes(creating: Bool) async throws -> [any ReplicaVolume] {
        let (directories, offload) = (self.directories, self.offload)
        if let cached = resolved.withLock({ $0 }), cached.allSatisfy({ $0.isIntact() }) {
            return cached.map { $0.volume(offload: offload) }
        }
        let nodes: [ResolvedNode?] = try await offload.run {
            try directories.map { root in
                let identity = creating ? try Self.prepare(root) : Self.readIdentity(root)
                return identity.flatMap { ResolvedNode(root: root, identity: $0, offload: offload) }
            }
        }
        let found = nodes.compactMap { $0 }
        // Cached only when every node resolved: a missing one is looked for again on the next use.
        if found.count == directories.count { resolved.withLock { $0 = found } }
        return found.map { $0.volume(offload: offload) }
    }

    /// The last resolution without re-checking it (three `stat`s per request otherwise); nil when there is none yet.
    func volumesIfResolved() -> [any ReplicaVolume]? {
        resolved.withLock { $0 }?.map { $0.volume(offload: offload) }
    }

    /// The last resolution, or a full one when there is none yet.
    func volumesForReading() async throws -> [any ReplicaVolume] {
        if let cached = volumesIfResolved() { return cached }
        return try await volumes(creating: false)
    }

    static func readIdentity(_ root: String) -> String? {
        let path = root + "/node-id"
        guard let fd = try? POSIX.open(path, O_RDONLY), let bytes = try? POSIX.read(fd, count: 128, offset: 0, path: path)
        else { return nil }
        close(fd)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Creates the node layout if needed and returns the identity.
    static func prepare(_ root: String) throws -> String {
        try makeDirectories(root)
        for sub in ["blobs", "tmp"] where try POSIX.makeDirectory("\(root)/\(sub)") {
            try POSIX.fsyncDirectory(root)
        }
        if let identity = readIdentity(root) { return identity }
        // Write aside, then link(): if another process (CLI and server) races us, exactly one identity wins.
        let identity = BlobIdentifiers.random()
        let temp = "\(root)/tmp/node-id.\(BlobIdentifiers.random().prefix(8))"
        let fd = try POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL)
        defer { close(fd) }
        try POSIX.writeAll(fd, Array((identity + "\n").utf8), path: temp)
        try POSIX.fsync(fd, path: temp)
        let linked = link(temp, root + "/node-id") == 0
        try? POSIX.unlink(temp)
        try POSIX.fsyncDirectory(root)
        if linked { return identity }
        guard let winner = readIdentity(root) else { throw POSIX.error("create", root + "/node-id") }
        return winner
    }

    /// `mkdir -p`, fsyncing each parent that got a new entry.
    private static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        var parent = path.hasPrefix("/") ? "/" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if try POSIX.makeDirectory(prefix) { try POSIX.fsyncDirectory(parent) }
            parent = prefix
        }
    }
}

/// A node directory as last resolved: its identity and the file that holds it.
struct ResolvedNode: Sendable {
    let root: String
    let identity: String
    private let device: UInt64
    private let inode: UInt64
    /// The durability group of the node's file system (nil: each small replica is fsynced on its own).
    private let fileSystem: FileSystemSync?

    init?(root: String, identity: String, offload: Offload) {
        guard let file = POSIX.fileID(root + "/node-id"), POSIX.isDirectory(root + "/blobs"),
              POSIX.isDirectory(root + "/tmp") else { return nil }
        self.root = root
        self.identity = identity
        (device, inode) = file
        fileSystem = FileSystemSync.group(forDevice: device, root: root, offload: offload)
    }

    func volume(offload: Offload) -> LocalVolume {
        LocalVolume(identity: identity, root: root, offload: offload, fileSystem: fileSystem)
    }

    /// True while the node directory is the one resolved (a deleted and recreated node has a new `node-id`).
    func isIntact() -> Bool {
        guard let file = POSIX.fileID(root + "/node-id"), file == (device, inode) else { return false }
        return POSIX.isDirectory(root + "/blobs") && POSIX.isDirectory(root + "/tmp")
    }
}
