import Foundation
import GRDB
import HepboxCore

/// Group commit: write transactions that arrive while one is committing are run together in the next SQLite
/// transaction, each inside its own savepoint (so one failing body rolls back only itself), and all of them are
/// answered after that single commit (one fsync) succeeds. Durability per caller is unchanged; throughput under
/// concurrency grows with the batch.
final class SQLiteWriteBatcher: @unchecked Sendable {
    // @unchecked: `pending` and `draining` are only touched with `lock` held.
    private struct PendingWrite: Sendable {
        let run: @Sendable (Database) -> Void
        let complete: @Sendable ((any Error)?) -> Void
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [PendingWrite] = []
    private var draining = false
    private let maxBatch = 256

    init(pool: DatabasePool) { self.pool = pool }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any MetadataWriting) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = ResultBox<T>()
            let item = PendingWrite(
                run: { db in
                    do {
                        box.result = .success(try Self.inSavepoint(db) { try body(SQLiteMetadataTransaction(db: db)) })
                    } catch {
                        box.result = .failure(error)
                    }
                },
                complete: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else if let result = box.result {
                        continuation.resume(with: result)
                    } else {
                        continuation.resume(throwing: HepboxError(.internalError, "a metadata write produced no result"))
                    }
                })
            enqueue(item)
        }
    }

    /// `body` inside a savepoint that is rolled back when it throws. The statements are prepared once per
    /// connection (GRDB's `inSavepoint` parses them anew for every write of a batch).
    private static func inSavepoint<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT hepbox_write").execute()
        do {
            let value = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT hepbox_write").execute()
            return value
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT hepbox_write").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT hepbox_write").execute()
            throw error
        }
    }

    private func enqueue(_ item: PendingWrite) {
        let start: Bool = lock.withLock {
            pending.append(item)
            if draining { return false }
            draining = true
            return true
        }
        if start { Task.detached { await self.drain() } }
    }

    private func drain() async {
        while true {
            let batch: [PendingWrite] = lock.withLock {
                let taken = Array(pending.prefix(maxBatch))
                pending.removeFirst(taken.count)
                if taken.isEmpty { draining = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                try await pool.write { db in
                    for item in batch { item.run(db) }
                }
                for item in batch { item.complete(nil) }
            } catch {
                for item in batch { item.complete(error) }
            }
        }
    }
}
