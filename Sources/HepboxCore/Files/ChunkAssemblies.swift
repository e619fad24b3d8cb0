/// Chunked uploads assembled while their chunks arrive, so the final `MOVE …/.file` neither copies nor re-hashes
/// the bytes.
///
/// When the first chunk of an upload folder arrives, a second blob writer (the "assembly") is opened next to the
/// chunk's own blob, and every chunk that arrives in order (its number above all earlier ones, one at a time) is
/// also streamed into it; the assembly computes the checksums and block checksums of the whole file as it goes.
/// The chunks stay what they always were (durable blobs in the uploads tree, listed by PROPFIND, resumable), so the
/// assembly is only a shortcut: at the MOVE it is used when it holds exactly the folder's chunks in order, and the
/// MOVE then only finishes it (fsync, rename into place) and commits. Anything else (chunks out of order or in
/// parallel, a chunk rewritten or deleted, a failed chunk, a restart) drops it and the MOVE copies the chunks as
/// before. The assembly is an ordinary unfinished blob: invisible, locked while its writer lives, collected by
/// fsck after a crash.
final class ChunkAssemblies: Sendable {
    struct Key: Hashable, Sendable {
        let owner: String
        let folder: NodeID
    }

    /// At most this many assemblies at once (each holds a temporary file and up to two write batches).
    static let capacity = 8
    /// An assembly untouched this long is dropped (the client may still finish the upload: the MOVE then copies).
    static let idleLimit: Int64 = 3600

    private struct Session {
        /// Tells this assembly apart from a later one of the same folder.
        let id: UInt64
        let writer: any BlobWriter
        /// Chunk numbers and their blobs, in the order they were appended; the last one's blob is nil while it
        /// is being written.
        var chunks: [(number: UInt64, blobID: String?)] = []
        var busy = false
        var lastUse: Int64
    }

    private let sessions = Mutex<[Key: Session]>([:])
    private let nextID = Mutex<UInt64>(0)
    private let clock: WallClock

    init(clock: WallClock) { self.clock = clock }

    /// A tap for chunk `number` of the folder, or nil when this chunk cannot extend an assembly (which is then
    /// dropped). `folderIsEmpty`: the folder holds no chunk yet, so a new assembly may start with this one.
    func tap(_ key: Key, number: UInt64, folderIsEmpty: Bool, blobs: any BlobStore) async -> ChunkTap? {
        enum Decision { case extend(UInt64, any BlobWriter), start, none(drop: (any BlobWriter)?) }
        let now = clock.seconds()
        let decision: Decision = sessions.withLock { sessions in
            if var session = sessions[key] {
                let last = session.chunks.last?.number
                if session.busy || (last.map { number <= $0 } ?? false) {
                    sessions[key] = nil
                    return .none(drop: session.writer)
                }
                session.busy = true
                session.chunks.append((number, nil))
                session.lastUse = now
                sessions[key] = session
                return .extend(session.id, session.writer)
            }
            return folderIsEmpty ? .start : .none(drop: nil)
        }
        switch decision {
        case .extend(let id, let writer):
            return ChunkTap(key: key, id: id, writer: writer, owner: self)
        case .none(let drop):
            await drop?.abort()
            return nil
        case .start:
            let evicted = evictForNewSession(now: now)
            for writer in evicted { await writer.abort() }
            guard let writer = try? await blobs.makeWriter() else { return nil }
            let id = nextID.withLock { value in
                value += 1
                return value
            }
            let inserted: Bool = sessions.withLock { sessions in
                guard sessions[key] == nil, sessions.count < Self.capacity else { return false }
                sessions[key] = Session(id: id, writer: writer, chunks: [(number, nil)], busy: true, lastUse: now)
                return true
            }
            guard inserted else {
                await writer.abort()
                return nil
            }
            return ChunkTap(key: key, id: id, writer: writer, owner: self)
        }
    }

    /// Makes room: drops idle assemblies past `idleLimit`, then the least recently used idle one if still full.
    private func evictForNewSession(now: Int64) -> [any BlobWriter] {
        sessions.withLock { sessions in
            var dropped: [any BlobWriter] = []
            for (key, session) in sessions where !session.busy && now - session.lastUse > Self.idleLimit {
                dropped.append(session.writer)
                sessions[key] = nil
            }
            if sessions.count >= Self.capacity,
               let oldest = sessions.filter({ !$0.value.busy }).min(by: { $0.value.lastUse < $1.value.lastUse }) {
                dropped.append(oldest.value.writer)
                sessions[oldest.key] = nil
            }
            return dropped
        }
    }

    /// The chunk was committed as `blobID`: the assembly may take the next one.
    fileprivate func completed(_ key: Key, id: UInt64, blobID: String) {
        sessions.withLock { sessions in
            guard var session = sessions[key], session.id == id, let last = session.chunks.indices.last
            else { return }
            session.chunks[last].blobID = blobID
            session.busy = false
            session.lastUse = clock.seconds()
            sessions[key] = session
        }
    }

    /// The chunk failed (or its bytes did not all reach the assembly): the assembly is dropped.
    fileprivate func failed(_ key: Key, id: UInt64) async {
        let dropped: (any BlobWriter)? = sessions.withLock { sessions in
            guard let session = sessions[key], session.id == id else { return nil }
            sessions[key] = nil
            return session.writer
        }
        await dropped?.abort()
    }

    /// The finished assembly when it holds exactly `chunkBlobIDs` in order; nil otherwise (the caller copies).
    /// Either way the folder's assembly is gone afterwards.
    /// The writer comes along: it holds the lock on the new blob's files, which the caller keeps until the blob
    /// is committed (so a concurrent fsck never takes it for an orphan).
    func finish(_ key: Key, chunkBlobIDs: [String]) async -> (BlobRecord, any BlobWriter)? {
        guard let session = sessions.withLock({ $0.removeValue(forKey: key) }) else { return nil }
        guard !session.busy, session.chunks.map({ $0.blobID }) == chunkBlobIDs.map(Optional.some) else {
            await session.writer.abort()
            return nil
        }
        guard let record = try? await session.writer.finish() else { return nil }
        return (record, session.writer)
    }

    /// Drops assemblies untouched for `idleLimit` (housekeeping).
    func expire() async {
        let now = clock.seconds()
        let dropped: [any BlobWriter] = sessions.withLock { sessions in
            let stale = sessions.filter { !$0.value.busy && now - $0.value.lastUse > Self.idleLimit }
            for key in stale.keys { sessions[key] = nil }
            return stale.values.map(\.writer)
        }
        for writer in dropped { await writer.abort() }
    }

    var count: Int { sessions.withLock { $0.count } }
}

/// One chunk's feed into an assembly. Used by the one upload that got it, sequentially.
final class ChunkTap: @unchecked Sendable {
    // @unchecked: `healthy` is only touched by the upload task that owns the tap, sequentially.
    let key: ChunkAssemblies.Key
    private let id: UInt64
    private let writer: any BlobWriter
    private let owner: ChunkAssemblies
    private var healthy = true

    fileprivate init(key: ChunkAssemblies.Key, id: UInt64, writer: any BlobWriter, owner: ChunkAssemblies) {
        self.key = key
        self.id = id
        self.writer = writer
        self.owner = owner
    }

    /// Never throws: a failing assembly is only a lost shortcut, never a failed upload.
    func append(_ bytes: [UInt8]) async {
        guard healthy else { return }
        do { try await writer.append(bytes) } catch { healthy = false }
    }

    /// Starts writing back what the chunk added (so the MOVE's final fsync has little left to do).
    func sync() async {
        guard healthy else { return }
        do { try await writer.sync() } catch { healthy = false }
    }

    func complete(blobID: String) async {
        if healthy { owner.completed(key, id: id, blobID: blobID) } else { await owner.failed(key, id: id) }
    }

    func fail() async { await owner.failed(key, id: id) }
}
