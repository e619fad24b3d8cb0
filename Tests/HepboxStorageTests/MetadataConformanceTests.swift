import Foundation
import HepboxCore
import HepboxStorage
import Testing

/// Every MetadataStore implementation must pass these.
@Suite("MetadataStore conformance")
struct MetadataConformanceTests {
    @Test(arguments: MetadataEngine.allCases)
    func insertReadUpdateDelete(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (root, docs, file) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            let docs = try tx.insert(Sample.folder("docs", in: root.id))
            let file = try tx.insert(Sample.file("a.txt", in: docs.id, blob: "b1"))
            return (root, docs, file)
        }
        try await store.read { tx throws in
            #expect(try tx.rootNode(owner: "alice") == root)
            #expect(try tx.rootNode(owner: "bob") == nil)
            #expect(try tx.node(id: file.id) == file)
            #expect(try tx.child(of: docs.id, named: "a.txt") == file)
            #expect(try tx.child(of: docs.id, named: "A.txt") == nil)
            #expect(try tx.children(of: root.id) == [docs])
            #expect(try tx.allNodes().map(\.id) == [root.id, docs.id, file.id])
            #expect(file.checksums?.adler32 == "0000000c" && file.contentType == "text/plain")
        }
        var moved = file
        moved.parentID = root.id
        moved.name = "b.txt"
        moved.etag = "e2"
        moved.checksums = nil
        try await store.write { [moved] tx throws in try tx.update(moved) }
        try await store.read { [moved] tx throws in
            #expect(try tx.node(id: file.id) == moved)
            #expect(try tx.children(of: docs.id).isEmpty)
            #expect(try tx.children(of: root.id).map(\.name) == ["b.txt", "docs"])
        }
        try await store.write { tx throws in try tx.deleteNode(id: file.id) }
        try await store.read { tx throws in #expect(try tx.node(id: file.id) == nil) }
    }

    /// Concurrent writes (which the SQLite engine commits in groups): a write that throws leaves nothing behind and
    /// takes no other write with it.
    @Test(arguments: MetadataEngine.allCases)
    func aFailingWriteAmongConcurrentOnesLeavesOnlyItselfOut(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let root = try await store.write { tx throws in try tx.insert(Sample.root("alice")) }
        struct Refused: Error {}
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        try await store.write { tx throws in
                            _ = try tx.insert(Sample.file("f\(index)", in: root.id))
                            if index % 5 == 0 { throw Refused() }
                        }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 60)
        for (index, succeeded) in outcomes { #expect(succeeded == (index % 5 != 0), "write \(index)") }
        try await store.read { tx throws in
            let names = Set(try tx.children(of: root.id).map(\.name))
            #expect(names == Set((0..<60).filter { $0 % 5 != 0 }.map { "f\($0)" }))
        }
    }

    @Test(arguments: MetadataEngine.allCases)
    func touchChangesSizeEtagAndMtimeAndLeadsToTheParent(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (root, docs) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            return (root, try tx.insert(Sample.folder("docs", in: root.id)))
        }
        let steps = try await store.write { tx throws in
            [try tx.touch(docs.id, sizeDelta: 5, mtime: 1_700_000_000, etag: "d2"),
             try tx.touch(root.id, sizeDelta: 5, mtime: nil, etag: "r2"),
             try tx.touch(999_999, sizeDelta: 5, mtime: nil, etag: "x")]
        }
        #expect(steps[0]?.parentID == root.id && steps[0]?.owner == "alice")
        #expect(steps[1] != nil && steps[1]?.parentID == nil && steps[1]?.owner == "alice")
        #expect(steps[2] == nil)
        try await store.read { tx throws in
            let folder = try #require(try tx.node(id: docs.id)), top = try #require(try tx.node(id: root.id))
            #expect(folder.size == docs.size + 5 && folder.etag == "d2" && folder.mtime == 1_700_000_000)
            #expect(top.size == root.size + 5 && top.etag == "r2" && top.mtime == root.mtime)
            #expect(folder.name == "docs" && folder.parentID == root.id && folder.kind == .folder)
        }
    }

    @Test(arguments: MetadataEngine.allCases)
    func favoritesArePerUserAndGoWithTheirNodeAndAccount(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (a, b) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            let a = try tx.insert(Sample.file("a", in: root.id)), b = try tx.insert(Sample.file("b", in: root.id))
            try tx.setFavorite(user: "alice", node: a.id, true)
            try tx.setFavorite(user: "alice", node: a.id, true)  // twice is once
            try tx.setFavorite(user: "alice", node: b.id, true)
            try tx.setFavorite(user: "bob", node: a.id, true)
            return (a, b)
        }
        try await store.read { tx throws in
            #expect(try tx.favorites(user: "alice") == [a.id, b.id])
            #expect(try tx.favorites(user: "bob") == [a.id])
            #expect(try tx.favorites(user: "carol").isEmpty)
        }
        try await store.write { tx throws in
            try tx.setFavorite(user: "alice", node: b.id, false)
            try tx.setFavorite(user: "carol", node: b.id, false)  // unmarking what is not marked is fine
            try tx.deleteNode(id: a.id)
        }
        try await store.read { tx throws in
            #expect(try tx.favorites(user: "alice").isEmpty)
            #expect(try tx.favorites(user: "bob").isEmpty)
        }
        try await store.write { tx throws in
            try tx.setFavorite(user: "bob", node: b.id, true)
            try tx.deleteUser(named: "bob")
        }
        try await store.read { tx throws in #expect(try tx.favorites(user: "bob").isEmpty) }
    }

    @Test(arguments: MetadataEngine.allCases)
    func namesAreUniqueInAFolder(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (root, a, b) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            return (root, try tx.insert(Sample.file("a", in: root.id)), try tx.insert(Sample.file("b", in: root.id)))
        }
        await expectCode(.alreadyExists) { try await store.write { tx throws in _ = try tx.insert(Sample.folder("a", in: root.id)) } }
        await expectCode(.alreadyExists) { try await store.write { tx throws in _ = try tx.insert(Sample.root("alice")) } }
        var renamed = b
        renamed.name = "a"
        await expectCode(.alreadyExists) { try await store.write { [renamed] tx throws in try tx.update(renamed) } }
        // Same name elsewhere, and a name case-different, are fine; so is updating a node in place.
        try await store.write { tx throws in
            let sub = try tx.insert(Sample.folder("sub", in: root.id))
            _ = try tx.insert(Sample.file("a", in: sub.id))
            _ = try tx.insert(Sample.file("A", in: root.id))
            _ = try tx.insert(Sample.root("bob"))
            var touched = a
            touched.etag = "new"
            try tx.update(touched)
        }
        await expectCode(.notFound) { try await store.write { tx throws in _ = try tx.insert(Sample.file("x", in: 9999)) } }
        var ghost = a
        ghost.id = 9999
        await expectCode(.notFound) { try await store.write { [ghost] tx throws in try tx.update(ghost) } }
    }

    @Test(arguments: MetadataEngine.allCases)
    func idsAreNeverReused(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let root = try await store.write { tx throws in try tx.insert(Sample.root("alice")) }
        var seen: Set<NodeID> = [root.id]
        var last = root.id
        for round in 0..<5 {
            let node = try await store.write { tx throws in try tx.insert(Sample.file("f", in: root.id)) }
            #expect(!seen.contains(node.id) && node.id > last, "round \(round)")
            seen.insert(node.id)
            last = node.id
            try await store.write { tx throws in try tx.deleteNode(id: node.id) }
        }
    }

    @Test(arguments: MetadataEngine.allCases)
    func aThrowingWriteChangesNothing(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let root = try await store.write { tx throws in
            try tx.upsert(user: Sample.user("alice"))
            return try tx.insert(Sample.root("alice"))
        }
        await #expect(throws: Boom.self) {
            try await store.write { tx throws in
                _ = try tx.insert(Sample.file("lost", in: root.id))
                try tx.upsert(user: Sample.user("mallory"))
                try tx.deleteUser(named: "alice")
                try tx.insert(blob: Sample.blob("b"))
                try tx.setProperty(DeadProperty(namespace: "x:", name: "p", valueXML: "v"), of: root.id)
                try tx.upsert(lock: Sample.lock("t"))
                try tx.deleteNode(id: root.id)
                throw Boom()
            }
        }
        try await store.read { tx throws in
            #expect(try tx.allNodes() == [root])
            #expect(try tx.allUsers().map(\.name) == ["alice"])
            #expect(try tx.allBlobs().isEmpty)
            #expect(try tx.properties(of: root.id).isEmpty)
            #expect(try tx.lock(token: "t") == nil)
        }
        // A body that catches a constraint error can go on, and its other changes commit.
        let kept = try await store.write { tx throws in
            _ = try? tx.insert(Sample.root("alice"))
            return try tx.insert(Sample.file("kept", in: root.id))
        }
        try await store.read { tx throws in #expect(try tx.node(id: kept.id) == kept) }
    }

    @Test(arguments: MetadataEngine.allCases)
    func users(engine: MetadataEngine) async throws {
        let store = try engine.make()
        try await store.write { tx throws in
            try tx.upsert(user: Sample.user("bob"))
            try tx.upsert(user: Sample.user("alice", quota: 1 << 30))
        }
        var bob = Sample.user("bob")
        bob.passwordHash = "$2b$other"
        bob.isAdmin = true
        bob.email = nil
        try await store.write { [bob] tx throws in try tx.upsert(user: bob) }
        try await store.read { [bob] tx throws in
            #expect(try tx.allUsers().map(\.name) == ["alice", "bob"])
            #expect(try tx.user(named: "bob") == bob)
            #expect(try tx.user(named: "alice")?.quota == 1 << 30)
            #expect(try tx.user(named: "carol") == nil)
        }
        try await store.write { tx throws in
            try tx.deleteUser(named: "alice")
            try tx.deleteUser(named: "nobody")
        }
        try await store.read { [bob] tx throws in #expect(try tx.allUsers() == [bob]) }
    }

    @Test(arguments: MetadataEngine.allCases)
    func deadProperties(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (a, b) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            return (try tx.insert(Sample.file("a", in: root.id)), try tx.insert(Sample.file("b", in: root.id)))
        }
        let p1 = DeadProperty(namespace: "urn:x", name: "color", valueXML: "red")
        let p2 = DeadProperty(namespace: "urn:a", name: "z", valueXML: "<x:b xmlns:x=\"urn:x\">1</x:b>")
        try await store.write { tx throws in
            try tx.setProperty(p1, of: a.id)
            try tx.setProperty(p2, of: a.id)
            try tx.setProperty(DeadProperty(namespace: "urn:x", name: "color", valueXML: "blue"), of: a.id)
            try tx.setProperty(DeadProperty(namespace: "urn:b", name: "old", valueXML: "gone"), of: b.id)
        }
        let blue = DeadProperty(namespace: "urn:x", name: "color", valueXML: "blue")
        try await store.read { tx throws in
            #expect(try tx.properties(of: a.id) == [p2, blue])
        }
        try await store.write { tx throws in try tx.copyProperties(from: a.id, to: b.id) }
        try await store.read { tx throws in #expect(try tx.properties(of: b.id) == [p2, blue]) }
        try await store.write { tx throws in
            try tx.removeProperty(namespace: "urn:a", name: "z", of: a.id)
            try tx.removeProperty(namespace: "urn:a", name: "nope", of: a.id)
        }
        try await store.read { tx throws in
            #expect(try tx.properties(of: a.id) == [blue])
            #expect(try tx.properties(of: b.id) == [p2, blue])
        }
        try await store.write { tx throws in try tx.deleteNode(id: b.id) }
        try await store.read { tx throws in #expect(try tx.properties(of: b.id).isEmpty) }
    }

    @Test(arguments: MetadataEngine.allCases)
    func locks(engine: MetadataEngine) async throws {
        let store = try engine.make()
        var shared = Sample.lock("opaquelocktoken:2", path: "a")
        shared.scope = .shared
        shared.deep = false
        try await store.write { [shared] tx throws in
            try tx.upsert(lock: Sample.lock("opaquelocktoken:1"))
            try tx.upsert(lock: shared)
            try tx.upsert(lock: Sample.lock("opaquelocktoken:3", owner: "bob"))
        }
        var refreshed = Sample.lock("opaquelocktoken:1")
        refreshed.expiresAt += 600
        try await store.write { [refreshed] tx throws in try tx.upsert(lock: refreshed) }
        try await store.read { [shared, refreshed] tx throws in
            #expect(try tx.locks(treeOwner: "alice") == [shared, refreshed])
            #expect(try tx.lock(token: "opaquelocktoken:2") == shared)
            #expect(try tx.locks(treeOwner: "carol").isEmpty)
        }
        try await store.write { tx throws in try tx.deleteLock(token: "opaquelocktoken:1") }
        try await store.read { [shared] tx throws in #expect(try tx.locks(treeOwner: "alice") == [shared]) }
    }

    @Test(arguments: MetadataEngine.allCases)
    func blobsAndReferenceCounts(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let blob = Sample.blob("0123")
        try await store.write { tx throws in
            try tx.insert(blob: blob)
            try tx.insert(blob: Sample.blob("4567", replicas: []))
            let root = try tx.insert(Sample.root("alice"))
            _ = try tx.insert(Sample.file("a", in: root.id, blob: "0123"))
            _ = try tx.insert(Sample.file("b", in: root.id, blob: "0123"))
        }
        await expectCode(.alreadyExists) { try await store.write { tx throws in try tx.insert(blob: blob) } }
        await expectCode(.notFound) { try await store.write { tx throws in try tx.update(blob: Sample.blob("ffff")) } }
        var moved = blob
        moved.replicas = ["n3"]
        try await store.write { [moved] tx throws in try tx.update(blob: moved) }
        try await store.read { [moved] tx throws in
            #expect(try tx.blob(id: "0123") == moved)
            #expect(try tx.blob(id: "4567")?.replicas == [])
            #expect(try tx.allBlobs().map(\.id) == ["0123", "4567"])
            #expect(try tx.referenceCount(blobID: "0123") == 2)
            #expect(try tx.referenceCount(blobID: "4567") == 0)
        }
        try await store.write { tx throws in
            try tx.deleteBlob(id: "4567")
            try tx.deleteBlob(id: "none")
        }
        try await store.read { [moved] tx throws in #expect(try tx.allBlobs() == [moved]) }
    }

    /// fsck reads whole stores in pages and sums folders' members without reading them.
    @Test(arguments: MetadataEngine.allCases)
    func pagesAndSizeOfChildren(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (root, docs, ids) = try await store.write { tx throws in
            let root = try tx.insert(Sample.root("alice"))
            let docs = try tx.insert(Sample.folder("docs", in: root.id))
            var ids = [root.id, docs.id]
            for index in 0..<5 { ids.append(try tx.insert(Sample.file("f\(index)", in: docs.id)).id) }
            for id in ["0a", "0b", "0c"] { try tx.insert(blob: Sample.blob(id)) }
            return (root, docs, ids)
        }
        try await store.read { tx throws in
            #expect(try tx.nodes(after: .min, limit: 3).map(\.id) == Array(ids.prefix(3)))
            #expect(try tx.nodes(after: ids[2], limit: 3).map(\.id) == Array(ids[3..<6]))
            #expect(try tx.nodes(after: ids[5], limit: 3).map(\.id) == [ids[6]])
            #expect(try tx.nodes(after: ids[6], limit: 3).isEmpty)
            #expect(try tx.allNodes().map(\.id) == ids)
            #expect(try tx.blobs(after: "", limit: 2).map(\.id) == ["0a", "0b"])
            #expect(try tx.blobs(after: "0b", limit: 2).map(\.id) == ["0c"])
            #expect(try tx.blobs(after: "0c", limit: 2).isEmpty)
            #expect(try tx.sizeOfChildren(of: docs.id) == 25)  // five files of 5 bytes
            #expect(try tx.sizeOfChildren(of: root.id) == docs.size)
            #expect(try tx.sizeOfChildren(of: ids[6]) == 0)
        }
    }

    @Test(arguments: MetadataEngine.allCases)
    func concurrentWritesAllLand(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let root = try await store.write { tx throws in try tx.insert(Sample.root("alice")) }
        let ids = try await withThrowingTaskGroup(of: NodeID.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await store.write { tx throws in
                        // Read-modify-write inside one transaction: the count must never be lost.
                        let node = try tx.insert(Sample.file("f\(index)", in: root.id))
                        var parent = try tx.node(id: root.id) ?? root
                        parent.size += 1
                        try tx.update(parent)
                        return node.id
                    }
                }
            }
            return try await group.reduce(into: [NodeID]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 50)
        try await store.read { tx throws in
            #expect(try tx.children(of: root.id).count == 50)
            #expect(try tx.node(id: root.id)?.size == 50)
        }
    }

    /// One mount point can stand for several shares of the same node (a user share and group shares).
    @Test(arguments: MetadataEngine.allCases)
    func aMountPointHoldsSeveralShares(engine: MetadataEngine) async throws {
        let store = try engine.make()
        let (mountNode, other, direct, group) = try await store.write { tx throws in
            let aliceRoot = try tx.insert(Sample.root("alice")), bobRoot = try tx.insert(Sample.root("bob"))
            let shared = try tx.insert(Sample.folder("Data", in: aliceRoot.id))
            let direct = try tx.insert(share: ShareRecord(type: .user, sharer: "alice", fileOwner: "alice", nodeID: shared.id,
                                                          permissions: .read, recipient: "bob", createdAt: 1))
            let group = try tx.insert(share: ShareRecord(type: .group, sharer: "alice", fileOwner: "alice", nodeID: shared.id,
                                                         permissions: .all, recipient: "physics", createdAt: 2))
            let mountNode = try tx.insert(NewNode(parentID: bobRoot.id, owner: "bob", name: "Data", kind: .mount,
                                                  size: 0, mtime: 1, etag: "m"))
            let other = try tx.insert(NewNode(parentID: bobRoot.id, owner: "bob", name: "Other", kind: .mount,
                                              size: 0, mtime: 1, etag: "o"))
            try tx.insert(mount: MountRecord(nodeID: mountNode.id, shareID: group.id, user: "bob"))
            try tx.insert(mount: MountRecord(nodeID: mountNode.id, shareID: direct.id, user: "bob"))
            try tx.insert(mount: MountRecord(nodeID: other.id, shareID: direct.id, user: "bob"))
            return (mountNode, other, direct, group)
        }
        // The same pair twice is refused, and the failed write leaves nothing behind.
        await #expect(throws: (any Error).self) {
            try await store.write { tx throws in
                try tx.insert(mount: MountRecord(nodeID: mountNode.id, shareID: direct.id, user: "bob"))
            }
        }
        try await store.read { tx throws in
            #expect(try tx.mounts(node: mountNode.id).map(\.shareID) == [direct.id, group.id])
            #expect(try tx.mounts(share: direct.id).map(\.nodeID) == [mountNode.id, other.id])
            #expect(try tx.mounts(user: "bob").map { [$0.nodeID, $0.shareID] }
                    == [[mountNode.id, direct.id], [mountNode.id, group.id], [other.id, direct.id]])
        }
        try await store.write { tx throws in try tx.deleteMount(nodeID: mountNode.id, shareID: direct.id) }
        try await store.read { tx throws in
            #expect(try tx.mounts(node: mountNode.id).map(\.shareID) == [group.id])
            #expect(try tx.mounts(share: direct.id).map(\.nodeID) == [other.id])
        }
        try await store.write { tx throws in try tx.deleteMount(nodeID: mountNode.id) }
        try await store.read { tx throws in
            #expect(try tx.mounts(node: mountNode.id).isEmpty && tx.mounts(share: group.id).isEmpty)
            #expect(try tx.mounts(user: "bob").map(\.nodeID) == [other.id])
        }
    }
}

func expectCode(_ code: HepboxError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), nothing thrown", sourceLocation: sourceLocation)
    } catch let error as HepboxError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }

}
