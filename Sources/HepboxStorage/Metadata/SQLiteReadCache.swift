import GRDB
import HepboxCore
import Synchronization

/// The point lookups of the request path (a user's root, a child by name, a node or a blob by id), remembered for as
/// long as the database does not change.
///
/// A small GET makes four of them; each costs more than the rest of its metadata work together, and a read
/// transaction around them costs as much again. Every entry belongs to the change stamp it was read at
/// (`SQLiteChangeStamps`): the first commit after it, by any connection or process, retires the whole cache. A
/// cache that answers every lookup of a read needs no transaction at all.
final class SQLiteReadCache: Sendable {
    enum Key: Hashable, Sendable {
        case root(owner: String)
        case child(parent: NodeID, name: String)
        case node(NodeID)
        case blob(String)
    }

    /// Absence is remembered too: sync clients ask for many paths that do not exist yet.
    enum Value: Sendable {
        case node(Node?)
        case blob(BlobRecord?)
    }

    private struct State {
        var stamp: SQLiteChangeStamps.Stamp?
        var entries: [Key: Value] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func value(for key: Key, at stamp: SQLiteChangeStamps.Stamp) -> Value? {
        state.withLock { $0.stamp == stamp ? $0.entries[key] : nil }
    }

    /// Keeps a value read in a snapshot at `stamp`. A different stamp starts the cache afresh: nothing read at
    /// another state of the database may answer a lookup at this one.
    func remember(_ value: Value, for key: Key, at stamp: SQLiteChangeStamps.Stamp) {
        state.withLock { state in
            if state.stamp != stamp {
                state.entries.removeAll(keepingCapacity: true)
                state.stamp = stamp
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = value
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// One read's use of the cache. The read runs without a transaction while the cache answers; its first miss opens
/// one. The cached answers it already used are only consistent with that transaction's snapshot if no commit came
/// between the stamp taken at the start and the snapshot: otherwise the read is marked for a rerun without the cache
/// (every later lookup fails too, so a body that swallows the error cannot return a mixed answer).
final class SQLiteCachedRead {
    struct Restart: Error {}

    private let cache: SQLiteReadCache
    private let stamps: SQLiteChangeStamps
    private let stamp: SQLiteChangeStamps.Stamp
    private(set) var inTransaction = false
    private(set) var mustRestart = false
    private var snapshotChecked = false
    private var cacheMatchesSnapshot = true
    private var answeredFromCache = false

    init(cache: SQLiteReadCache, stamps: SQLiteChangeStamps, stamp: SQLiteChangeStamps.Stamp) {
        self.cache = cache
        self.stamps = stamps
        self.stamp = stamp
    }

    func lookup(_ key: SQLiteReadCache.Key) throws -> SQLiteReadCache.Value? {
        try checkSnapshot()
        guard cacheMatchesSnapshot, let value = cache.value(for: key, at: stamp) else { return nil }
        answeredFromCache = true
        return value
    }

    /// Keeps what a query of this read found (the query took the snapshot, so it can be checked now).
    func remember(_ value: SQLiteReadCache.Value, for key: SQLiteReadCache.Key) throws {
        try checkSnapshot()
        if cacheMatchesSnapshot { cache.remember(value, for: key, at: stamp) }
    }

    /// Opens the read transaction on the first query the cache cannot answer.
    func openTransaction(on db: Database) throws {
        if mustRestart { throw Restart() }
        guard !inTransaction else { return }
        try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
        inTransaction = true
    }

    /// Once the transaction's first query has run (a deferred transaction takes its snapshot there): does the
    /// snapshot still carry the stamp the cache was consulted at? Called at the next use of the cache and when the
    /// read ends.
    func checkSnapshot() throws {
        if mustRestart { throw Restart() }
        guard inTransaction, !snapshotChecked else { return }
        snapshotChecked = true
        guard stamps.current() != stamp else { return }
        cacheMatchesSnapshot = false
        if answeredFromCache {
            mustRestart = true
            throw Restart()
        }
    }
}
