#if canImport(Glibc)
import Glibc
#endif
import HepboxCore

/// The server's own small files (instance id, keys): written aside with their final permissions, fsynced, renamed
/// into place and the directory fsynced, so a power loss leaves the old file or the complete new one, and a secret
/// is never readable by others, not even for a moment.
public enum DurableFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temp = "\(path).\(BlobIdentifiers.random().prefix(8)).tmp"
        let fd = try POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        do {
            defer { close(fd) }
            try POSIX.writeAll(fd, bytes, path: temp)
            try POSIX.fsync(fd, path: temp)
            try POSIX.rename(temp, path)
        } catch {
            try? POSIX.unlink(temp)
            throw error
        }
        try POSIX.fsyncDirectory(directory.isEmpty ? "/" : directory)
    }
}
