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

    /// Deleting an account keeps its files (and trash) until `fsck --repair` removes them with their content.
    @Test func repairRemovesTheTreesOfDeletedAccounts() async throws {
        let f = try await FileServiceFixture()
        try await f.put("keep.txt", "alice's")
        for name in ["b1.txt", "b2.txt"] {
            _ = try await f.files.upload(f.bob, owner: "bob", path: f.path(name), body: [Array("bob's \(name)".utf8)].async,
                                         options: UploadOptions())
        }
        try await f.files.delete(f.bob, owner: "bob", path: f.path("b2.txt"))
        let bobBlobs = try await f.metadata.read { tx in try tx.allNodes().filter { $0.owner == "bob" }.compactMap(\.blobID) }
        #expect(bobBlobs.count == 2)
        try await UserDirectory(metadata: f.metadata, hasher: PasswordHasher(cost: 4)).delete(name: "bob")

        let check = StorageCheck(metadata: f.metadata, blobs: f.blobs)
        let problems = try await check.run(repair: false).namespaceProblems
        #expect(problems.contains { $0.hasPrefix("the tree bob (") && $0.hasSuffix("belongs to no account") })
        #expect(problems.contains { $0.hasPrefix("the tree trash:bob (") })
        #expect(!problems.contains { $0.contains("tree alice") })
        let repairs = try await check.run(repair: true).namespaceRepairs
        #expect(repairs.contains("the tree bob of a deleted account removed"))
        #expect(try await check.run(repair: false).isClean)
        try await f.metadata.read { tx throws in
            #expect(try tx.rootNode(owner: "bob") == nil && tx.rootNode(owner: "trash:bob") == nil)
            for id in bobBlobs { #expect(try tx.blob(id: id) == nil) }
        }
        #expect(try await f.read("keep.txt") == "alice's")
    }
}


@Suite struct UploadExpiryTests {
    /// Chunked uploads left unfinished go after `maxAge`; finished trees and other users' are untouched.
    @Test func staleUploadFoldersAreRemoved() async throws {
        let f = try await FileServiceFixture()
        let uploads = AccessPolicy.uploadsOwner(of: "alice")
        _ = try await f.files.ensureRoot(owner: uploads)  // as the WebDAV front end does on first use
        _ = try await f.files.makeFolder(f.alice, owner: uploads, path: f.path("web-file-upload-1"))
        _ = try await f.files.upload(f.alice, owner: uploads, path: f.path("web-file-upload-1/00001"),
                                     body: [Array("chunk".utf8)].async, options: UploadOptions())
        try await f.put("kept.txt", "kept")
        #expect(try await f.files.expireUploads(maxAge: 3600) == 0)
        #expect(try await f.files.expireUploads(maxAge: -10) == 1)
        try await f.metadata.read { tx throws in
            let root = try #require(try tx.rootNode(owner: uploads))
            #expect(try tx.children(of: root.id).isEmpty)
        }
        #expect(try await f.read("kept.txt") == "kept")
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
    }
}
