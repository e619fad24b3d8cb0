import Foundation
import GRDB
import HepboxCore

/// The default metadata engine: one SQLite file in WAL mode.
///
/// - `synchronous = FULL`: a transaction is on disk when `write` returns, which is what the upload path promises
///   the client (the blob is already fsynced; the pointer swap must be too).
/// - A busy timeout: the CLI (`hepbox admin user add`) writes to the same file while the server runs.
/// - Writes run on GRDB's writer queue (group commit, `SQLiteWriteBatcher`): a commit waits for fsync, which must
///   never block the cooperative thread pool.
/// - The point lookups of the request path are cached between commits (`SQLiteReadCache`).
/// - Reads run on the calling thread. In WAL mode a reader never waits for the writer, and the database pages are
///   hot, so a read is a few microseconds of CPU; a hop to a reader queue and back cost more than the query itself
///   (two thread wake-ups per request). `SQLiteReaders` hands out read-only connections without waiting.
public final class SQLiteMetadataStore: MetadataStore {
    private let pool: DatabasePool
    private let readers: SQLiteReaders
    private let batcher: SQLiteWriteBatcher
    private let cache = SQLiteReadCache()
    /// nil if the file has no WAL index to read (then every read runs in a transaction, uncached).
    private let stamps: SQLiteChangeStamps?
    public let path: String

    public init(path: String, busyTimeout: TimeInterval = 10) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.maximumReaderCount = max(8, ProcessInfo.processInfo.activeProcessorCount + 4)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Savepoint journals (one per write of a group commit) and sorts stay in memory, not in temp files.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if !db.configuration.readonly {
                // The writer keeps the hot pages (folders, indexes) cached instead of reading them back from the
                // WAL, and checkpoints every 32 MiB of WAL instead of every 4: a page changed by many commits is
                // copied into the database once per checkpoint.
                try db.execute(sql: "PRAGMA cache_size = -16384")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            }
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB's pool switches its writer to `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase`
        // ran: in WAL mode that commits without an fsync, so a power loss could undo an acknowledged upload.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrator.migrate(pool)
        batcher = SQLiteWriteBatcher(pool: pool)
        readers = SQLiteReaders(path: path, configuration: configuration, keepIdle: configuration.maximumReaderCount)
        stamps = SQLiteChangeStamps(databasePath: path)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any MetadataReading) throws -> T) async throws -> T {
        try readNow(body)
    }

    /// Synchronous on purpose (see the type's comment); a sync context makes GRDB's synchronous `read` the one chosen.
    private func readNow<T>(_ body: (any MetadataReading) throws -> T) throws -> T {
        if let stamps, let stamp = stamps.current() {
            let cachedRead = SQLiteCachedRead(cache: cache, stamps: stamps, stamp: stamp)
            let outcome = Result { try readers.withConnection { try run(body, on: $0, cachedRead: cachedRead) } }
            if !cachedRead.mustRestart { return try outcome.get() }
        }
        return try readers.withConnection { try run(body, on: $0, cachedRead: nil) }
    }

    /// One read, in one deferred transaction so the body's queries see one snapshot (a cached read opens it only
    /// for its second query outside the cache; see `SQLiteCachedRead`). Issued as cached statements: GRDB's own
    /// isolation wraps every read in a savepoint and re-parses BEGIN/COMMIT each time, which cost as much as the
    /// queries of a small request.
    private func run<T>(_ body: (any MetadataReading) throws -> T, on db: Database, cachedRead: SQLiteCachedRead?) throws -> T {
        if cachedRead == nil { try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute() }
        let inTransaction = { cachedRead?.inTransaction ?? true }
        do {
            let value = try body(SQLiteMetadataTransaction(db: db, cachedRead: cachedRead))
            try cachedRead?.checkSnapshot()
            if inTransaction() { try db.cachedStatement(sql: "COMMIT TRANSACTION").execute() }
            return value
        } catch {
            try? cachedRead?.checkSnapshot()  // an error built on cached answers from another state is rerun too
            if inTransaction() { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
            throw error
        }
    }

    /// How many lookups the read cache holds (for tests).
    var cachedLookups: Int { cache.count }
    /// How many folder listings the read cache holds (for tests).
    var cachedListings: Int { cache.listings }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL), for the durability test.
    func writerSynchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any MetadataWriting) throws -> T) async throws -> T {
        try await batcher.submit(body)
    }
}
