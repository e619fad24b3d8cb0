import Foundation
import GRDB
import HepboxCore
@testable import HepboxStorage
import Synchronization
import Testing

/// The read cache of the SQLite store must never answer with what another commit has changed, whoever made it.
@Suite("SQLite read cache")
struct SQLiteReadCacheTests {
    private struct Fixture {
        let path: String
        let store: SQLiteMetadataStore
        let root: Node
        let file: Node

        init() async throws {
            path = try TemporaryDirectory.make().appendingPathComponent("meta.db").path
            store = try SQLiteMetadataStore(path: path)
            (root, file) = try await store.write { tx throws in
                let root = try tx.insert(Sample.root("alice"))
                return (root, try tx.insert(Sample.file("report.txt", in: root.id, blob: "b1")))
            }
        }

        /// What a GET resolves: the root, the file by name, the file by id.
        func lookUp(_ name: String) async throws -> Node? {
            try await store.read { [root] tx throws in
                _ = try tx.rootNode(owner: "alice")
                return try tx.child(of: root.id, named: name)
            }
        }
    }

    @Test func theChangeStampMovesWithEveryCommitAndOnlyThen() async throws {
        let fixture = try await Fixture()
        let stamps = try #require(SQLiteChangeStamps(databasePath: fixture.path))
        let before = try #require(stamps.current())
        _ = try await fixture.lookUp("report.txt")
        #expect(stamps.current() == before)
        try await fixture.store.write { tx throws in _ = try tx.touch(fixture.file.id, sizeDelta: 0, mtime: 5, etag: "e2") }
        #expect(stamps.current() != before)
    }

    @Test func lookupsAreAnsweredFromTheCacheUntilTheNextCommit() async throws {
        let fixture = try await Fixture()
        #expect(try await fixture.lookUp("report.txt")?.etag == "e1")
        #expect(fixture.store.cachedLookups >= 2)
        try await fixture.store.write { tx throws in _ = try tx.touch(fixture.file.id, sizeDelta: 0, mtime: 5, etag: "e2") }
        #expect(try await fixture.lookUp("report.txt")?.etag == "e2")
    }

    /// The CLI (`hepbox admin …`) writes to the same file while the server runs, through connections of its own.
    @Test func aCommitFromAnotherConnectionIsSeenAtOnce() async throws {
        let fixture = try await Fixture()
        #expect(try await fixture.lookUp("report.txt") != nil)
        #expect(try await fixture.lookUp("draft.txt") == nil)  // absence is cached too
        let other = try DatabaseQueue(path: fixture.path)
        try await other.write { db in
            try db.execute(sql: "UPDATE nodes SET name = 'draft.txt' WHERE id = ?", arguments: [fixture.file.id])
        }
        try other.close()
        #expect(try await fixture.lookUp("report.txt") == nil)
        #expect(try await fixture.lookUp("draft.txt")?.id == fixture.file.id)
    }

    /// A read answered partly from the cache, whose first query then meets a newer snapshot, is run again without
    /// the cache: its answers must all come from one state of the database.
    @Test func aReadWhoseSnapshotIsNewerThanItsCachedAnswersRunsAgain() async throws {
        let fixture = try await Fixture()
        _ = try await fixture.lookUp("report.txt")
        let other = try DatabaseQueue(path: fixture.path)
        defer { try? other.close() }
        let runs = Atomic(0)
        let (name, blob) = try await fixture.store.read { [root = fixture.root, file = fixture.file] tx throws in
            runs.add(1, ordering: .relaxed)
            let cached = try tx.child(of: root.id, named: "report.txt")
            // Another process commits between the cached answer and this read's first query.
            try other.write { db in
                try db.execute(sql: "UPDATE nodes SET name = 'draft.txt', blob_id = 'b2' WHERE id = ?", arguments: [file.id])
            }
            _ = try tx.children(of: root.id)
            return (cached?.name, try tx.node(id: file.id)?.blobID)
        }
        #expect(runs.load(ordering: .relaxed) == 2)
        #expect(name == nil)
        #expect(blob == "b2")
    }

    /// The first query outside the cache runs as a statement of its own and the second opens a transaction: a commit
    /// between the two would mix two states, so the read runs again.
    @Test func aCommitBetweenTwoQueriesOfOneReadMakesItRunAgain() async throws {
        let fixture = try await Fixture()
        let other = try DatabaseQueue(path: fixture.path)
        defer { try? other.close() }
        let runs = Atomic(0)
        let (root, file) = try await fixture.store.read { [root = fixture.root, file = fixture.file] tx throws in
            runs.add(1, ordering: .relaxed)
            let seenRoot = try tx.node(id: root.id)
            try other.write { db in try db.execute(sql: "UPDATE nodes SET etag = 'moved' WHERE id IN (?, ?)", arguments: [root.id, file.id]) }
            return (seenRoot?.etag, try tx.node(id: file.id)?.etag)
        }
        #expect(runs.load(ordering: .relaxed) == 2)
        #expect(root == "moved" && file == "moved")
    }
}
