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

    /// fsck reads the namespace and the blob records page by page (a page is 1000): problems on a later page are
    /// found and repaired like those on the first.
    @Test func checksAndRepairsBeyondTheFirstPage() async throws {
        let f = try await FileServiceFixture()
        for index in 0..<1000 { try await f.put("f\(index).txt", "content \(index)") }
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("late"))
        let late = try await f.put("late/last.txt", "the last file")
        let lateBlob = try #require(late.node.blobID)
        let node = try #require(f.blobs.nodeIdentities().first)
        f.blobs.dropReplica(blobID: lateBlob, onNode: node)
        let orphan = String(repeating: "ab", count: 20)
        f.blobs.placeFile(blobID: orphan, onNode: node, bytes: Array("nobody's".utf8))
        try await f.metadata.write { tx in
            guard var folder = try tx.node(id: late.node.parentID ?? 0) else { return }
            folder.size += 7
            try tx.update(folder)
        }
        let check = StorageCheck(metadata: f.metadata, blobs: f.blobs)
        let report = try await check.run(repair: false)
        #expect(try await f.metadata.read { try $0.allBlobs().count } > 1000)
        #expect(report.namespaceProblems.contains { $0.contains("(late) has size 20, its members add up to 13") })
        #expect(report.blobs.problems.contains { $0.kind == .missingReplica && $0.blobID == lateBlob && $0.storageNode == node })
        #expect(report.blobs.problems.contains { $0.kind == .orphan && $0.blobID == orphan })
        #expect(report.blobs.problems.count == 3)  // the missing replica, its blob under-replicated, the orphan
        _ = try await check.run(repair: true)
        #expect(try await check.run(repair: false).isClean)
        #expect(f.blobs.hasReplica(blobID: lateBlob, onNode: node) && !f.blobs.hasReplica(blobID: orphan, onNode: node))
        #expect(try await f.read("late/last.txt") == "the last file")
    }

    /// A file whose blob record is lost is reported; its content stays on the nodes through a repair (it is the only
    /// copy of that file), while content nothing refers to goes.
    @Test func repairKeepsContentAFileRefersTo() async throws {
        let f = try await FileServiceFixture()
        let kept = try #require(try await f.put("kept.txt", "still here").node.blobID)
        let gone = try await f.put("gone.txt", "old").node
        let dropped = try #require(gone.blobID)
        try await f.metadata.write { tx in
            try tx.deleteBlob(id: kept)  // a lost record
            try tx.deleteNode(id: gone.id)  // a lost file: its record and content are left over
        }
        let check = StorageCheck(metadata: f.metadata, blobs: f.blobs)
        let report = try await check.run(repair: true)
        #expect(report.namespaceProblems.contains { $0.contains("(kept.txt) points at the unknown blob \(kept)") })
        #expect(report.namespaceProblems.contains("blob \(dropped) is recorded but no file uses it"))
        let node = try #require(f.blobs.nodeIdentities().first)
        #expect(f.blobs.hasReplica(blobID: kept, onNode: node))
        #expect(!f.blobs.hasReplica(blobID: dropped, onNode: node))
    }

    /// A wrong size copied up the path (a folder and its ancestors all off by the same amount) shows at the folder
    /// only; the repair sets it and then every ancestor from its members, so one repair leaves the tree clean.
    @Test func repairsSizesWrongAlongAPath() async throws {
        let f = try await FileServiceFixture()
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("a"))
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("a/b"))
        try await f.put("a/b/c.txt", "12345")
        try await f.metadata.write { tx in
            var id = try tx.rootNode(owner: "alice").flatMap { try tx.child(of: $0.id, named: "a") }
                .flatMap { try tx.child(of: $0.id, named: "b") }?.id
            while let current = id, var node = try tx.node(id: current) {
                node.size += 100
                try tx.update(node)
                id = node.parentID
            }
        }
        let check = StorageCheck(metadata: f.metadata, blobs: f.blobs)
        #expect(try await check.run(repair: false).namespaceProblems.count == 1)
        _ = try await check.run(repair: true)
        #expect(try await check.run(repair: false).isClean)
        #expect(try await f.node("").size == 5)
        #expect(try await f.node("a").size == 5)
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
