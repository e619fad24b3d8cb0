import Foundation
import HepboxCore

/// The test twin of `SQLiteMetadataStore`: same rules, state in memory.
///
/// Writes are serialised by a lock held for the whole (synchronous) body, like SQLite's single writer; a body that
/// throws leaves the published state untouched because it only ever modified a copy.
public final class InMemoryMetadataStore: MetadataStore, @unchecked Sendable {
    // @unchecked: `state` is only touched with `lock` held.
    private let lock = NSLock()
    private var state = InMemoryMetadataState()

    public init() {}

    public func read<T: Sendable>(_ body: @escaping @Sendable (any MetadataReading) throws -> T) async throws -> T {
        let snapshot = lock.withLock { state }
        return try body(InMemoryMetadataTransaction(state: snapshot))
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any MetadataWriting) throws -> T) async throws -> T {
        try lock.withLock {
            let transaction = InMemoryMetadataTransaction(state: state)
            let result = try body(transaction)
            state = transaction.state
            return result
        }
    }
}
