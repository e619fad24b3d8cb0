#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemZlib
import HepboxCore

/// A storage node directory:
///
///     <node>/node-id              random identity (what BlobRecord.replicas lists)
///     <node>/tmp/<id>.<r>.tmp     replicas being written (flock'ed by their writer)
///     <node>/blobs/<2 hex>/<id>   finished, immutable replicas
struct LocalVolume: ReplicaVolume {
    let identity: String
    let root: String
    let offload: Offload
    let fileSystem: FileSystemSync?

    var blobsDirectory: String { root + "/blobs" }
    var tmpDirectory: String { root + "/tmp" }

    func path(of blobID: String) -> String {
        "\(blobsDirectory)/\(BlobIdentifiers.shard(of: blobID))/\(blobID)"
    }

    func readBlock(blobID: String, offset: Int64, length: Int, expected: UInt32) async throws -> BlockRead {
        let path = path(of: blobID)
        if length <= Self.inlineReadLimit, let cached = Self.readCached(path, offset: offset, length: length, expected: expected) {
            return cached
        }
        return try await offload.run {
            let fd: Int32
            do {
                fd = try POSIX.open(path, O_RDONLY)
            } catch let error as HepboxError where error.code == .notFound {
                return .missing
            }
            defer { close(fd) }
            let bytes = try POSIX.read(fd, count: length, offset: offset, path: path)
            guard bytes.count == length else { return .short(got: bytes.count) }
            let found = Adler32.of(bytes)
            return found == expected ? .good(bytes) : .mismatch(found: found)
        }
    }

    func readBlockIfCached(blobID: String, length: Int, expected: UInt32) -> [UInt8]? {
        guard length <= Self.inlineReadLimit,
              case .good(let bytes)? = Self.readCached(path(of: blobID), offset: 0, length: length, expected: expected)
        else { return nil }
        return bytes
    }

    /// Blocks up to this size are read on the calling thread when they are in the page cache.
    static let inlineReadLimit = 64 << 10

    /// The block from the page cache without waiting for the disk, or nil (not cached, or anything unusual: the
    /// caller then reads on the I/O pool as usual). Saves two thread hops per small GET.
    static func readCached(_ path: String, offset: Int64, length: Int, expected: UInt32) -> BlockRead? {
        #if os(Linux)
        guard let fd = try? POSIX.open(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            let got = buffer.baseAddress.map { hepbox_pread_nowait(fd, $0, length, off_t(offset)) } ?? -1
            initialized = got == length ? length : 0
        }
        guard bytes.count == length else { return nil }
        let found = Adler32.of(bytes)
        return found == expected ? .good(bytes) : .mismatch(found: found)
        #else
        return nil
        #endif
    }

    func createReplica(blobID: String) async throws -> any ReplicaSink {
        let temp = "\(tmpDirectory)/\(blobID).\(BlobIdentifiers.random().prefix(8)).tmp"
        let shard = "\(blobsDirectory)/\(BlobIdentifiers.shard(of: blobID))"
        // On the calling thread: creating an empty file in the node's own tmp directory does not wait for the disk,
        // and a thread hop to the I/O pool and back cost more than the call (it is paid once per upload).
        let fd = try POSIX.open(temp, O_WRONLY | O_CREAT | O_EXCL)
        // The lock tells fsck this temp (and, after the rename, this blob) belongs to a live writer.
        _ = flock(fd, LOCK_EX)
        return LocalReplicaSink(identity: identity, fd: fd, tempPath: temp, shardDirectory: shard,
                                blobsDirectory: blobsDirectory, finalPath: "\(shard)/\(blobID)", offload: offload,
                                fileSystem: fileSystem)
    }

    func remove(blobID: String) async throws {
        let path = path(of: blobID)
        try await offload.run { try POSIX.unlink(path) }
    }

    func storedShards() async throws -> [String] {
        let blobs = blobsDirectory
        return try await offload.run { try POSIX.list(blobs).sorted() }
    }

    func storedBlobIDs(inShard shard: String) async throws -> [String] {
        let directory = "\(blobsDirectory)/\(shard)"
        return try await offload.run {
            try POSIX.list(directory).filter { BlobIdentifiers.isValid($0) && !POSIX.isLocked("\(directory)/\($0)") }
        }
    }

    func holdsReplica(blobID: String) async throws -> Bool {
        let path = path(of: blobID)
        return try await offload.run { POSIX.fileID(path) != nil && !POSIX.isLocked(path) }
    }

    func staleTemporaries() async throws -> [String] {
        let tmp = tmpDirectory
        return try await offload.run {
            try POSIX.list(tmp).filter { !POSIX.isLocked("\(tmp)/\($0)") }.sorted()
        }
    }

    func removeTemporary(_ name: String) async throws {
        let path = "\(tmpDirectory)/\(name)"
        try await offload.run { try POSIX.unlink(path) }
    }
}

/// A temporary replica file. Keeps its descriptor (and so its flock) open after the commit until the writer is
/// released, so a concurrent fsck does not take the blob for an orphan before its metadata transaction ran.
final class LocalReplicaSink: ReplicaSink, @unchecked Sendable {
    // @unchecked: the state below is only touched by the one writer that owns the sink, sequentially.
    let identity: String
    private let fd: Int32
    private let tempPath: String
    private let shardDirectory: String
    private let blobsDirectory: String
    private let finalPath: String
    private let offload: Offload
    private let fileSystem: FileSystemSync?
    private var closed = false
    private var committed = false

    init(identity: String, fd: Int32, tempPath: String, shardDirectory: String, blobsDirectory: String,
         finalPath: String, offload: Offload, fileSystem: FileSystemSync?) {
        self.identity = identity
        self.fd = fd
        self.tempPath = tempPath
        self.shardDirectory = shardDirectory
        self.blobsDirectory = blobsDirectory
        self.finalPath = finalPath
        self.offload = offload
        self.fileSystem = fileSystem
    }

    deinit {
        guard !closed else { return }
        // A writer dropped without finish or abort (e.g. a cancelled request) must not leak its temporary file.
        if !committed { try? POSIX.unlink(tempPath) }
        close(fd)
    }

    func write(_ bytes: [UInt8]) async throws {
        try await offload.run { [fd, tempPath] in try POSIX.writeAll(fd, bytes, path: tempPath) }
    }

    func commit() async throws {
        try await offload.run { [self] in try commitNow() }
        committed = true
    }

    func sync() async throws {
        try await offload.run { [fd, tempPath] in try POSIX.fsync(fd, path: tempPath) }
    }

    /// A small blob: written and renamed into place, then made durable together with the other small blobs of the
    /// moment (one `syncfs` for all, see `FileSystemSync`).
    func writeAndCommit(_ bytes: [UInt8]) async throws {
        guard let fileSystem else {
            try await offload.run { [self] in
                try POSIX.writeAll(fd, bytes, path: tempPath)
                try commitNow()
            }
            committed = true
            return
        }
        // On the calling thread, as `createReplica` opens the file: a small write into the page cache and a rename
        // within the node do not wait for the disk, and the hop to the I/O pool and back cost more than both. The
        // first blob of a shard (a new directory, made durable) still goes through the pool.
        try POSIX.writeAll(fd, bytes, path: tempPath)
        if try !renameIntoExistingShard() {
            try await offload.run { [self] in try place() }
        }
        do {
            try await fileSystem.makeDurable(fd: fd, path: finalPath)
        } catch {
            try? POSIX.unlink(finalPath)  // never durable: the upload fails and leaves nothing
            throw error
        }
        committed = true
    }

    /// Renames the file into its shard; false when the shard directory did not exist (`place` then creates it and
    /// tries again). Whether it exists is not checked again here: another upload may have created it since the
    /// rename failed, and that must not fail this one (it did, and the client saw a 404).
    private func renameIntoExistingShard() throws -> Bool {
        do {
            try POSIX.rename(tempPath, finalPath)
            return true
        } catch let error as HepboxError where error.code == .notFound {
            return false
        }
    }

    /// Renames the file into place, then makes its content and its name durable (blocking: on the I/O pool only).
    ///
    /// Rename before fsync: then one write-out covers both (ext4 syncs a new file's directory entry with the file,
    /// in its journal commit or, without a journal, by syncing the parent), so the directory fsync after it
    /// usually finds nothing left to write. An upload waits for one disk flush instead of two. The blob is still
    /// durable before `commit` returns and long before any record points at it; a crash in between leaves an
    /// unrecorded file, possibly incomplete, under `blobs/`, which fsck reports as an orphan and removes, as it
    /// does for any blob whose metadata commit never happened.
    private func commitNow() throws {
        try place()
        do {
            try POSIX.fsync(fd, path: finalPath)
            try POSIX.fsyncDirectory(shardDirectory)
        } catch {
            try? POSIX.unlink(finalPath)  // never durable: the upload fails and leaves nothing
            throw error
        }
    }

    /// Renames the file into its shard (created, durably, when it is the first blob there).
    private func place() throws {
        if try POSIX.makeDirectory(shardDirectory) { try POSIX.fsyncDirectory(blobsDirectory) }
        try POSIX.rename(tempPath, finalPath)
    }

    func abort() async {
        guard !closed else { return }
        closed = true
        _ = try? await offload.run { [fd, tempPath] in
            try? POSIX.unlink(tempPath)
            close(fd)
        }
    }
}
