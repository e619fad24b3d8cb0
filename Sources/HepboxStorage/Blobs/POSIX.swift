#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HepboxCore

/// Thin blocking wrappers over the POSIX calls the local blob store needs (Foundation's FileHandle cannot fsync a
/// directory, take a non-blocking flock or tell ENOSPC apart). Run them on the I/O thread pool only.
enum POSIX {
    /// The domain error for a failed call: a full disk or file-system quota is `storageFull` (507), the rest internal.
    static func error(_ operation: String, _ path: String, _ code: Int32 = errno) -> HepboxError {
        let message = "\(operation) \(path): \(String(cString: strerror(code)))"
        switch code {
        case ENOSPC, EDQUOT: return HepboxError(.storageFull, message)
        case ENOENT: return HepboxError(.notFound, message)
        default: return HepboxError(.internalError, message)
        }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc_open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw error("open", path) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let written = write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw error("write", path)
                }
                offset += written
            }
        }
    }

    /// Up to `count` bytes at `offset`; fewer only at end of file.
    static func read(_ fd: Int32, count: Int, offset: Int64, path: String) throws -> [UInt8] {
        var total = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while total < count {
                guard let base = buffer.baseAddress else { break }
                let got = pread(fd, base + total, count - total, off_t(offset) + off_t(total))
                if got < 0 {
                    if errno == EINTR { continue }
                    initialized = total
                    throw error("read", path)
                }
                if got == 0 { break }
                total += got
            }
            initialized = total
        }
        return bytes
    }

    static func fsync(_ fd: Int32, path: String) throws {
        while Glibc_fsync(fd) != 0 {
            if errno != EINTR { throw error("fsync", path) }
        }
    }

    /// Makes a rename or a new entry in `directory` durable.
    static func fsyncDirectory(_ directory: String) throws {
        let fd = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: directory)
    }

    /// Creates a directory; true when it did not exist (so the caller fsyncs the parent).
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        // stat first: on a read-only or foreign parent, mkdir of an existing directory may fail with EACCES/EROFS.
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return false }
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw error("mkdir", path)
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc_rename(from, to) != 0 { throw error("rename", to) }
    }

    /// Gives the file at `from` the name `to` as well, unless `to` exists (false then). On a file system without
    /// hard links it renames instead, after checking that `to` is absent (no longer atomic, but no worse than that).
    static func linkUnlessExists(_ from: String, _ to: String) throws -> Bool {
        if Glibc_link(from, to) == 0 { return true }
        switch errno {
        case EEXIST: return false
        case EPERM, EOPNOTSUPP:
            if access(to, F_OK) == 0 { return false }
            try rename(from, to)
            return true
        default: throw error("link", to)
        }
    }

    /// Removes a file; a missing one is fine.
    static func unlink(_ path: String) throws {
        if Glibc_unlink(path) != 0 && errno != ENOENT { throw error("unlink", path) }
    }

    /// Whether another open file holds a lock on `path` (a live writer); false for a missing file.
    static func isLocked(_ path: String) -> Bool {
        let fd = Glibc_open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }

    /// Device and inode of a file, nil when it does not exist.
    static func fileID(_ path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory (not `.`/`..`); empty when it does not exist.
    static func list(_ directory: String) throws -> [String] {
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw error("opendir", directory)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

// The module-level C functions, named apart from the wrappers above.
private func Glibc_open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }
private func Glibc_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
private func Glibc_rename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func Glibc_link(_ from: String, _ to: String) -> Int32 { link(from, to) }
private func Glibc_unlink(_ path: String) -> Int32 { unlink(path) }
