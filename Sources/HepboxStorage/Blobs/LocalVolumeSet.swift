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

    func volumes(creating: Bool) async throws -> [any ReplicaVolume] {
        let (directories, offload) = (self.directories, self.offload)
        return try await offload.run {
            var volumes: [any ReplicaVolume] = []
            for root in directories {
                let identity = creating ? try Self.prepare(root) : Self.readIdentity(root)
                if let identity { volumes.append(LocalVolume(identity: identity, root: root, offload: offload)) }
            }
            return volumes
        }
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
