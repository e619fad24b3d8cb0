import Foundation
import GRDB
import HepboxCore

/// The default metadata engine: one SQLite file in WAL mode.
///
/// - `synchronous = FULL`: a transaction is on disk when `write` returns, which is what the upload path promises
///   the client (the blob is already fsynced; the pointer swap must be too).
/// - A busy timeout: the CLI (`hepbox admin user add`) writes to the same file while the server runs.
/// - GRDB runs statements on its own queues, so waiting on SQLite never blocks the cooperative thread pool.
public final class SQLiteMetadataStore: MetadataStore {
    private let pool: DatabasePool
    private let batcher: SQLiteWriteBatcher
    public let path: String

    public init(path: String, busyTimeout: TimeInterval = 10) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
        batcher = SQLiteWriteBatcher(pool: pool)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any MetadataReading) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteMetadataTransaction(db: db)) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any MetadataWriting) throws -> T) async throws -> T {
        try await batcher.submit(body)
    }
}
