import Foundation
import HepboxCore
import HepboxStorage
import Testing

@Suite("SQLite metadata store")
struct SQLiteDurabilityTests {
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
}
