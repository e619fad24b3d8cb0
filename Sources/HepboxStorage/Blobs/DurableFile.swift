#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HepboxCore

/// The server's own small files (instance id, keys): written aside with their final permissions, fsynced, put into
/// place and the directory fsynced, so a power loss leaves the old file or the complete new one, and a secret is
/// never readable by others, not even for a moment.
public enum DurableFile {
    /// Replaces `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let temp = try writeAside(bytes, for: path, mode: mode)
        do {
            try POSIX.rename(temp, path)
        } catch {
            try? POSIX.unlink(temp)
            throw error
        }
        try POSIX.fsyncDirectory(directory(of: path))
    }

    /// Creates `path` with `bytes` unless it exists; true when this call created it. The complete file is linked
    /// into place, which fails when another process got there first, so two processes starting on a new data
    /// directory at once end up with one file and neither keeps a value the other never saw.
    public static func create(_ bytes: [UInt8], at path: String, mode: mode_t = 0o644) throws -> Bool {
        let temp = try writeAside(bytes, for: path, mode: mode)
        defer { try? POSIX.unlink(temp) }
        guard try POSIX.linkUnlessExists(temp, path) else { return false }
        try POSIX.fsyncDirectory(directory(of: path))
        return true
    }

    /// The content of `path` when `isValid` accepts it; otherwise makes one with `make` and stores it. When another
    /// process stores one at the same moment, both return the same (the one that got there first). A file that
    /// exists but is not valid (damaged by hand) is replaced.
    public static func readOrCreate(at path: String, mode: mode_t = 0o644, isValid: ([UInt8]) -> Bool,
                                    make: () -> [UInt8]) throws -> [UInt8] {
        let existing = read(path)
        if let existing, isValid(existing) { return existing }
        let made = make()
        if existing != nil {
            try write(made, to: path, mode: mode)
            return made
        }
        if try create(made, at: path, mode: mode) { return made }
        guard let winner = read(path), isValid(winner) else {
            throw HepboxError(.internalError, "\(path) was created by another process but cannot be read back")
        }
        return winner
    }

    private static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// A complete, fsynced copy of `bytes` beside `path` (same directory, so it can be renamed or linked there).
    private static func writeAside(_ bytes: [UInt8], for path: String, mode: mode_t) throws -> String {
        let temp = "\(path).\(BlobIdentifiers.random().prefix(8)).tmp"
        let fd = try POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        do {
            defer { close(fd) }
            try POSIX.writeAll(fd, bytes, path: temp)
            try POSIX.fsync(fd, path: temp)
        } catch {
            try? POSIX.unlink(temp)
            throw error
        }
        return temp
    }

    private static func directory(of path: String) -> String {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return directory.isEmpty ? "/" : directory
    }
}
