import HepboxCore
import HepboxStorage
import Testing

@Suite struct VersionTests {
    @Test func overwritesKeepVersionsThatCanBeRestored() async throws {
        let f = try await FileServiceFixture()
        let first = try await f.put("a.txt", "one")
        try await f.put("a.txt", "two")
        try await f.put("a.txt", "three")
        let (_, versions) = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id)
        #expect(versions.count == 2)
        let oldest = try #require(versions.last)
        let (version, record) = try await f.files.versionContent(f.alice.principal, owner: "alice", fileID: first.node.id,
                                                                  versionID: oldest.id)
        var bytes: [UInt8] = []
        for try await chunk in try f.files.content(of: version, record: record) { bytes += chunk }
        #expect(String(decoding: bytes, as: UTF8.self) == "one")

        let rootBefore = try await f.node("").etag
        let restored = try await f.files.restoreVersion(f.alice, owner: "alice", fileID: first.node.id, versionID: oldest.id)
        #expect(restored.id == first.node.id)
        #expect(try await f.read("a.txt") == "one")
        #expect(try await f.node("").etag != rootBefore)
        #expect(try await f.node("").size == 3)
        // "three" is now a version; "one" is current.
        let after = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1
        #expect(after.count == 2)
        // Versions of someone else's file are invisible.
        await #expect(throws: HepboxError.self) {
            _ = try await f.files.versions(f.bob.principal, owner: "alice", fileID: first.node.id)
        }
        // Blobs of versions are not orphans; deleting the file releases them and the store stays consistent.
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
        try await f.files.delete(f.alice, owner: "alice", path: f.path("a.txt"))
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
    }
}

@Suite struct TrashTests {
    @Test func deletedItemsGoToTheTrashAndComeBack() async throws {
        let f = try await FileServiceFixture()
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("docs"))
        let put = try await f.put("docs/a.txt", "hello")
        try await f.files.delete(f.alice, owner: "alice", path: f.path("docs"))
        #expect(try await f.files.find(f.alice.principal, owner: "alice", path: f.path("docs")) == nil)
        #expect(try await f.node("").size == 0)
        let items = try await f.files.trash(f.alice.principal, owner: "alice")
        let item = try #require(items.first)
        #expect(items.count == 1 && item.originalLocation == "docs" && item.node.isFolder)
        // Bob sees nothing of Alice's trash.
        await #expect(throws: HepboxError.self) { _ = try await f.files.trash(f.bob.principal, owner: "alice") }
        // A new "docs" exists meanwhile: the restored one gets another name; ids survive.
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("docs"))
        let restored = try await f.files.restoreFromTrash(f.alice, owner: "alice", item: item.trashName)
        #expect(restored.description == "docs (restored)")
        #expect(try await f.node("docs (restored)/a.txt").id == put.node.id)
        #expect(try await f.read("docs (restored)/a.txt") == "hello")
        #expect(try await f.node("").size == 5)
        #expect(try await f.files.trash(f.alice.principal, owner: "alice").isEmpty)
        // Deleting for good releases the content; the store stays consistent.
        try await f.files.delete(f.alice, owner: "alice", path: f.path("docs (restored)/a.txt"))
        #expect(try await f.files.purgeTrash(f.alice, owner: "alice") == 1)
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
    }
}

/// Restores bring bytes back into a user's files, so they need room in the quota like an upload does.
@Suite struct RestoreQuotaTests {
    @Test func aTrashItemThatNoLongerFitsStaysInTheTrash() async throws {
        let f = try await FileServiceFixture(quota: 10)
        try await f.put("old.txt", "12345678")
        try await f.files.delete(f.alice, owner: "alice", path: f.path("old.txt"))
        try await f.put("new.txt", "1234")
        let item = try #require(try await f.files.trash(f.alice.principal, owner: "alice").first)
        let error = await #expect(throws: HepboxError.self) {
            try await f.files.restoreFromTrash(f.alice, owner: "alice", item: item.trashName)
        }
        #expect(error?.code == .insufficientStorage)
        #expect(try await f.files.trash(f.alice.principal, owner: "alice").count == 1)
        #expect(try await f.files.find(f.alice.principal, owner: "alice", path: f.path("old.txt")) == nil)
        #expect(try await f.node("").size == 4)
        // Once there is room again it comes back.
        try await f.files.delete(f.alice, owner: "alice", path: f.path("new.txt"))
        #expect(try await f.files.restoreFromTrash(f.alice, owner: "alice", item: item.trashName).description == "old.txt")
        #expect(try await f.read("old.txt") == "12345678")
    }

    @Test func aLargerVersionIsRestoredOnlyWhenItFits() async throws {
        let f = try await FileServiceFixture(quota: 10)
        let first = try await f.put("a.txt", "123456789")
        try await f.put("a.txt", "12")
        try await f.put("b.txt", "1234567")
        let version = try #require(try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1.first)
        let error = await #expect(throws: HepboxError.self) {
            try await f.files.restoreVersion(f.alice, owner: "alice", fileID: first.node.id, versionID: version.id)
        }
        #expect(error?.code == .insufficientStorage)
        #expect(try await f.read("a.txt") == "12")
        #expect(try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1.count == 1)
        try await f.files.delete(f.alice, owner: "alice", path: f.path("b.txt"))
        _ = try await f.files.restoreVersion(f.alice, owner: "alice", fileID: first.node.id, versionID: version.id)
        #expect(try await f.read("a.txt") == "123456789")
    }
}
