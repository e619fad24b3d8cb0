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

    // MARK: folders read whole

    /// A folder of `count` files, each with its blob record.
    private static func folder(of count: Int, in fixture: Fixture) async throws -> Node {
        try await fixture.store.write { [root = fixture.root] tx throws in
            let folder = try tx.insert(Sample.folder("data", in: root.id))
            for i in 0..<count {
                try tx.insert(blob: Sample.blob("blob-\(i)"))
                _ = try tx.insert(Sample.file("f\(i).bin", in: folder.id, blob: "blob-\(i)"))
            }
            return folder
        }
    }

    private static func lookUp(_ name: String, in folder: Node, _ fixture: Fixture) async throws -> (Node?, BlobRecord?) {
        try await fixture.store.read { tx throws in
            let node = try tx.child(of: folder.id, named: name)
            return (node, try node?.blobID.flatMap { try tx.blob(id: $0) })
        }
    }

    /// Looking up a folder's files one by one (a client downloading a folder) reads the folder whole once, and
    /// every later lookup in it, of a file there or of a name that is not, is answered from that listing.
    @Test func manyLookupsInOneFolderReadItWhole() async throws {
        let fixture = try await Fixture()
        let folder = try await Self.folder(of: 300, in: fixture)
        for i in 0..<40 {
            let (node, blob) = try await Self.lookUp("f\(i).bin", in: folder, fixture)
            #expect(node?.name == "f\(i).bin" && blob?.id == "blob-\(i)")
        }
        #expect(fixture.store.cachedListings == 1)
        let (absent, _) = try await Self.lookUp("missing.bin", in: folder, fixture)
        #expect(absent == nil)
        let (last, lastBlob) = try await Self.lookUp("f299.bin", in: folder, fixture)
        #expect(last?.name == "f299.bin" && lastBlob?.id == "blob-299")
    }

    /// A listing belongs to one state of the database like every other entry: another process renaming a file,
    /// adding one or removing one is seen at the next lookup.
    @Test func aListingIsRetiredByTheNextCommit() async throws {
        let fixture = try await Fixture()
        let folder = try await Self.folder(of: 100, in: fixture)
        for i in 0..<40 { _ = try await Self.lookUp("f\(i).bin", in: folder, fixture) }
        #expect(fixture.store.cachedListings == 1)
        let other = try DatabaseQueue(path: fixture.path)
        try await other.write { db in
            try db.execute(sql: "UPDATE nodes SET name = 'renamed.bin' WHERE parent_id = ? AND name = 'f7.bin'", arguments: [folder.id])
            try db.execute(sql: "DELETE FROM nodes WHERE parent_id = ? AND name = 'f8.bin'", arguments: [folder.id])
        }
        try other.close()
        #expect(try await Self.lookUp("f7.bin", in: folder, fixture).0 == nil)
        #expect(try await Self.lookUp("renamed.bin", in: folder, fixture).0?.name == "renamed.bin")
        #expect(try await Self.lookUp("f8.bin", in: folder, fixture).0 == nil)
        #expect(try await Self.lookUp("f9.bin", in: folder, fixture).0?.name == "f9.bin")
        #expect(fixture.store.cachedListings == 0)
    }

    /// A folder larger than a listing may be is looked up name by name, with the same answers.
    @Test func aFolderTooLargeToListIsLookedUpByName() async throws {
        let fixture = try await Fixture()
        let folder = try await Self.folder(of: 5_200, in: fixture)
        for i in stride(from: 0, to: 5_200, by: 7) {
            let (node, blob) = try await Self.lookUp("f\(i).bin", in: folder, fixture)
            #expect(node?.name == "f\(i).bin" && blob?.id == "blob-\(i)")
        }
        #expect(try await Self.lookUp("f5200.bin", in: folder, fixture).0 == nil)
        #expect(fixture.store.cachedListings == 0)
    }

    @Test func attemptsToListComeAtDoublingMissCountsWithGrowingLimits() {
        let attempts = (1...2_000).compactMap { misses in
            SQLiteFolderListing.attemptLimit(afterMisses: misses, largest: 5_000).map { (misses, $0) }
        }
        #expect(attempts.map(\.0) == [8, 16, 32, 64, 128, 256, 512])
        #expect(attempts.map(\.1) == [128, 256, 512, 1_024, 2_048, 4_096, 5_000])
    }
}
