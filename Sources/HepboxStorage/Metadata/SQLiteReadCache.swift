import GRDB
import HepboxCore
import Synchronization

/// The point lookups of the request path (a user's root, a child by name, a node or a blob by id), remembered for as
/// long as the database does not change.
///
/// A small GET makes four of them; each costs more than the rest of its metadata work together, and a read
/// transaction around them costs as much again. Every entry belongs to the change stamp it was read at
/// (`SQLiteChangeStamps`): the first commit after it, by any connection or process, retires the whole cache. A
/// cache that answers every lookup of a read needs no transaction at all. A folder whose children are looked up one
/// by one is read whole once (`SQLiteFolderListing`).
final class SQLiteReadCache: Sendable {
    enum Key: Hashable, Sendable {
        case root(owner: String)
        case child(parent: NodeID, name: String)
        case node(NodeID)
        case blob(String)
        /// Every child of a folder (`SQLiteFolderListing`).
        case folder(NodeID)
    }

    /// Absence is remembered too: sync clients ask for many paths that do not exist yet.
    enum Value: Sendable {
        case node(Node?)
        case blob(BlobRecord?)
        case listing(SQLiteFolderListing)

        /// The node (or its absence) this value holds; nil when it holds something else.
        var node: Node?? { if case .node(let node) = self { node } else { nil } }
        /// The blob record (or its absence) this value holds; nil when it holds something else.
        var blob: BlobRecord?? { if case .blob(let blob) = self { blob } else { nil } }
        /// The folder listing this value holds; nil when it holds something else.
        var listing: SQLiteFolderListing? { if case .listing(let listing) = self { listing } else { nil } }

        /// What it counts for against the capacity: a listing counts each child.
        var weight: Int { if case .listing(let listing) = self { max(1, listing.children.count) } else { 1 } }
    }

    private struct State {
        var stamp: SQLiteChangeStamps.Stamp?
        var entries: [Key: Value] = [:]
        var weight = 0
        /// Lookups by name that missed, per folder, at this stamp (see `SQLiteFolderListing`).
        var misses: [NodeID: Int] = [:]

        /// Starts afresh at `stamp` unless it is the current one.
        mutating func move(to stamp: SQLiteChangeStamps.Stamp) {
            guard self.stamp != stamp else { return }
            clear()
            self.stamp = stamp
        }

        mutating func clear() {
            entries.removeAll(keepingCapacity: true)
            misses.removeAll(keepingCapacity: true)
            weight = 0
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The most children a folder listing may hold.
    var largestListing: Int { capacity / 4 }

    func value(for key: Key, at stamp: SQLiteChangeStamps.Stamp) -> Value? {
        state.withLock { $0.stamp == stamp ? $0.entries[key] : nil }
    }

    /// Keeps a value read in a snapshot at `stamp`. A different stamp starts the cache afresh: nothing read at
    /// another state of the database may answer a lookup at this one.
    func remember(_ value: Value, for key: Key, at stamp: SQLiteChangeStamps.Stamp) {
        state.withLock { state in
            state.move(to: stamp)
            if state.weight + value.weight > capacity { state.clear() }
            if let replaced = state.entries.updateValue(value, forKey: key) { state.weight -= replaced.weight }
            state.weight += value.weight
        }
    }

    /// Counts a lookup by name in `folder` that missed at `stamp`; returns the row limit of an attempt to read the
    /// folder whole now, or nil.
    func listingAttempt(afterMissIn folder: NodeID, at stamp: SQLiteChangeStamps.Stamp) -> Int? {
        let misses = state.withLock { state -> Int in
            state.move(to: stamp)
            if state.misses.count >= capacity { state.misses.removeAll(keepingCapacity: true) }
            state.misses[folder, default: 0] += 1
            return state.misses[folder, default: 0]
        }
        return SQLiteFolderListing.attemptLimit(afterMisses: misses, largest: largestListing)
    }

    var count: Int { state.withLock { $0.entries.count } }
    /// How many folder listings the cache holds (for tests).
    var listings: Int { state.withLock { $0.entries.values.count { $0.listing != nil } } }
}

/// One read's use of the cache, which replaces the read transaction while it can.
///
/// Every answer of the read must come from the database's state at the stamp taken when it began. Cached answers
/// do by construction. The first query the cache cannot answer runs as a statement of its own (its own snapshot); a
/// second one opens a transaction. After each of those snapshots is taken, the stamp is read again: unchanged means
/// no commit came since the read began, so the snapshot is that state. Otherwise the read is marked for a rerun
/// with a plain transaction and no cache (every later call fails too, so a body that swallows the error cannot
/// return a mixed answer).
final class SQLiteCachedRead {
    struct Restart: Error {}

    private enum Phase { case cacheOnly, singleStatement, transaction }

    private let cache: SQLiteReadCache
    private let stamps: SQLiteChangeStamps
    private let stamp: SQLiteChangeStamps.Stamp
    private var phase = Phase.cacheOnly
    private var snapshotChecked = true
    private(set) var mustRestart = false

    init(cache: SQLiteReadCache, stamps: SQLiteChangeStamps, stamp: SQLiteChangeStamps.Stamp) {
        self.cache = cache
        self.stamps = stamps
        self.stamp = stamp
    }

    /// True once a transaction is open (it must then be committed or rolled back).
    var inTransaction: Bool { phase == .transaction }

    func lookup(_ key: SQLiteReadCache.Key) throws -> SQLiteReadCache.Value? {
        try checkSnapshot()
        return cache.value(for: key, at: stamp)
    }

    /// Keeps what a query of this read found (the query took its snapshot, so it can be checked now).
    func remember(_ value: SQLiteReadCache.Value, for key: SQLiteReadCache.Key) throws {
        try checkSnapshot()
        cache.remember(value, for: key, at: stamp)
    }

    /// See `SQLiteReadCache.listingAttempt`.
    func listingAttempt(afterMissIn folder: NodeID) -> Int? {
        cache.listingAttempt(afterMissIn: folder, at: stamp)
    }

    /// Called before each query the cache does not answer: the first runs on its own, the second opens the
    /// transaction the rest of the read runs in.
    func prepareQuery(on db: Database) throws {
        if mustRestart { throw Restart() }
        switch phase {
        case .cacheOnly:
            phase = .singleStatement
            snapshotChecked = false
        case .singleStatement:
            try checkSnapshot()
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            phase = .transaction
            snapshotChecked = false
        case .transaction:
            break
        }
    }

    /// After the statement that took the latest snapshot: is it still the state the read began at? Called at the
    /// next use of the cache, before the next snapshot, and when the read ends.
    func checkSnapshot() throws {
        if mustRestart { throw Restart() }
        guard !snapshotChecked else { return }
        snapshotChecked = true
        guard stamps.current() != stamp else { return }
        mustRestart = true
        throw Restart()
    }
}
