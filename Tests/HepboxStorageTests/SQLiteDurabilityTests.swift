import Foundation
import GRDB
import HepboxCore
@testable import HepboxStorage
import Testing

@Suite("SQLite metadata store")
struct SQLiteDurabilityTests {
    /// Before v6 a favorite was the dead property `oc:favorite` of the node; it becomes its owner's own mark.
    @Test func favoritePropertiesBecomeTheOwnersMarks() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("meta.db").path
        let (marked, plain) = try await SQLiteMetadataStore(path: path).write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            let marked = try tx.insert(Sample.file("marked", in: root.id)), plain = try tx.insert(Sample.file("plain", in: root.id))
            try tx.setProperty(DeadProperty(namespace: Favorites.namespace, name: "favorite", valueXML: "1"), of: marked.id)
            try tx.setProperty(DeadProperty(namespace: Favorites.namespace, name: "favorite", valueXML: "0"), of: plain.id)
            try tx.setProperty(DeadProperty(namespace: "urn:x", name: "keep", valueXML: "k"), of: marked.id)
            return (marked, plain)
        }
        // Back to the v5 schema, as a database written by the previous release.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE favorites; DELETE FROM grdb_migrations WHERE identifier = 'v6: favorites per user'")
        }
        try queue.close()
        try await SQLiteMetadataStore(path: path).read { tx throws in
            #expect(try tx.favorites(user: "alice") == [marked.id])
            #expect(try tx.properties(of: marked.id).map(\.name) == ["keep"])
            #expect(try tx.properties(of: plain.id).isEmpty)
        }
    }

    /// Before v7 a mount point had exactly one share (the node was the table's key); its rows carry over.
    @Test func mountsOfTheOlderSchemaCarryOver() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("meta.db").path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                CREATE TABLE mounts (node_id INTEGER PRIMARY KEY NOT NULL, share_id INTEGER NOT NULL, user TEXT NOT NULL);
                INSERT INTO mounts VALUES (7, 3, 'bob'), (8, 4, 'carol');
                """)
            for identifier in ["v1", "v2: versions", "v3: app passwords", "v4: groups and shares", "v5: web sessions",
                               "v6: favorites per user"] {
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [identifier])
            }
        }
        try queue.close()
        let identifiers = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        try #require(identifiers.count == 6)
        try await SQLiteMetadataStore(path: path).read { tx throws in
            #expect(try tx.mounts(node: 7) == [MountRecord(nodeID: 7, shareID: 3, user: "bob")])
            #expect(try tx.mounts(user: "carol") == [MountRecord(nodeID: 8, shareID: 4, user: "carol")])
        }
    }

    /// In WAL mode only `synchronous = FULL` fsyncs the log at every commit; with NORMAL (what GRDB's pool sets
    /// when it turns WAL on) a power loss may undo a commit whose upload was already acknowledged.
    @Test func everyCommitIsSyncedToDisk() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("meta.db").path
        #expect(try SQLiteMetadataStore(path: path).writerSynchronousMode() == 2)
        // Also when the file already exists (the next start, or the CLI while the server runs).
        #expect(try SQLiteMetadataStore(path: path).writerSynchronousMode() == 2)
    }

    @Test func committedDataSurvivesReopen() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("sub/meta.db").path
        let (root, file) = try await {
            let store = try SQLiteMetadataStore(path: path)
            return try await store.write { tx throws in
                try tx.upsert(user: Sample.user("alice"))
                try tx.insert(blob: Sample.blob("b1"))
                let root = try tx.insert(Sample.root("alice"))
                return (root, try tx.insert(Sample.file("a", in: root.id, blob: "b1")))
            }
        }()
        // A second handle on the same file, as the CLI has while the server runs.
        let other = try SQLiteMetadataStore(path: path)
        try await other.write { tx throws in try tx.upsert(user: Sample.user("bob")) }
        let reopened = try SQLiteMetadataStore(path: path)
        try await reopened.read { tx throws in
            #expect(try tx.rootNode(owner: "alice") == root)
            #expect(try tx.node(id: file.id) == file)
            #expect(try tx.blob(id: "b1") == Sample.blob("b1"))
            #expect(try tx.allUsers().map(\.name) == ["alice", "bob"])
        }
        // Ids keep growing across reopenings even after the newest node is deleted.
        try await reopened.write { tx throws in try tx.deleteNode(id: file.id) }
        let again = try SQLiteMetadataStore(path: path)
        let next = try await again.write { tx throws in try tx.insert(Sample.file("c", in: root.id)) }
        #expect(next.id > file.id)
    }

    /// Reads run on their own read-only connections, as many at once as callers ask for: each sees one snapshot
    /// (two listings in a read agree while writers commit), and a read after a write sees it.
    @Test func concurrentReadsSeeConsistentSnapshots() async throws {
        let store = try SQLiteMetadataStore(path: TemporaryDirectory.make().appendingPathComponent("meta.db").path)
        let root = try await store.write { tx throws in try tx.insert(Sample.root("alice")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<40 {
                    _ = try await store.write { tx throws in try tx.insert(Sample.file("f\(index)", in: root.id)) }
                }
            }
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<20 {
                        let (first, second) = try await store.read { tx throws in
                            let first = try tx.children(of: root.id).count
                            return (first, try tx.children(of: root.id).count)
                        }
                        #expect(first == second)
                    }
                }
            }
            try await group.waitForAll()
        }
        let names = try await store.read { tx throws in try tx.children(of: root.id).map(\.name) }
        #expect(Set(names) == Set((0..<40).map { "f\($0)" }))
    }
}
