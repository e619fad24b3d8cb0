import HepboxCore
import HepboxStorage
import Testing

@Suite struct StorageCheckTests {
    @Test func findsAndRepairsFolderSizesAndUnusedBlobs() async throws {
        let f = try await FileServiceFixture()
        try await f.put("a.txt", "hello")
        // Damage the namespace the way a bug or a manual edit would.
        try await f.metadata.write { tx in
            guard var root = try tx.rootNode(owner: "alice") else { return }
            root.size = 999
            try tx.update(root)
        }
        let report = try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false)
        #expect(!report.isClean)
        #expect(report.namespaceProblems.contains { $0.contains("has size 999") })
        _ = try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: true)
        let after = try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false)
        #expect(after.isClean)
        #expect(try await f.node("").size == 5)
    }
}
