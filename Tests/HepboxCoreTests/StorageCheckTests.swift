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

    @Test func findsFilesWhoseBlobIsMissingOrOfAnotherSize() async throws {
        let f = try await FileServiceFixture()
        for index in 0..<50 { try await f.put("f\(index).txt", "content \(index)") }
        try await f.metadata.write { tx in
            guard let root = try tx.rootNode(owner: "alice") else { return }
            guard var resized = try tx.child(of: root.id, named: "f7.txt"),
                  var dangling = try tx.child(of: root.id, named: "f8.txt") else { return }
            resized.size += 1
            try tx.update(resized)
            dangling.blobID = "0123456789abcdef0123456789abcdef"
            try tx.update(dangling)
        }
        let problems = try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).namespaceProblems
        #expect(problems.contains { $0.contains("(f7.txt) has size 10 but its blob has 9") })
        #expect(problems.contains { $0.contains("(f8.txt) points at the unknown blob 0123456789abcdef0123456789abcdef") })
        #expect(!problems.contains { $0.contains("(f9.txt)") })
    }
}

