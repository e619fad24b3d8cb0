@testable import HepboxCore
import HepboxStorage
import Testing

/// Versions and trash do not count as used space; housekeeping keeps each within its share of the free quota.
@Suite struct SpaceShareTests {
    private func bytes(_ digit: Int, _ count: Int = 100) -> String { String(repeating: String(digit), count: count) }

    @Test func theOldestVersionsAndTrashItemsGoBeyondTheirShareOfTheFreeQuota() async throws {
        let f = try await FileServiceFixture(quota: 1000)
        let first = try await f.put("data.bin", bytes(0))
        for digit in 1...8 { try await f.put("data.bin", bytes(digit)) }
        for name in ["t1", "t2", "t3"] { try await f.put(name, bytes(9, 50)) }
        for name in ["t1", "t2", "t3"] { try await f.files.delete(f.alice, owner: "alice", path: f.path(name)) }
        try await f.put("big.bin", bytes(5, 700))
        // Used 800 of 1000: versions (800 bytes) and trash (150) may take 50 % of the 200 left, 100 bytes each.
        let before = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1
        #expect(before.count == 8)

        #expect(try await f.files.expireBeyondSpaceShare() == .init(versions: 7, trashItems: 1))
        let kept = try await f.files.versions(f.alice.principal, owner: "alice", fileID: first.node.id).1
        #expect(kept.map(\.id) == [before[0].id], "the newest version stays")
        let (version, record) = try await f.files.versionContent(f.alice.principal, owner: "alice", fileID: first.node.id,
                                                                  versionID: kept[0].id)
        var content: [UInt8] = []
        for try await chunk in try f.files.content(of: version, record: record) { content += chunk }
        #expect(String(decoding: content, as: UTF8.self) == bytes(7))
        let trash = try await f.files.trash(f.alice.principal, owner: "alice").map(\.originalLocation).sorted()
        #expect(trash == ["t2", "t3"], "the oldest deletion goes first")
        // The dropped versions' content is gone from the blob store, and nothing else is.
        try await f.metadata.read { tx throws in
            for dropped in before.dropFirst() { #expect(try tx.blob(id: #require(dropped.blobID)) == nil) }
        }
        #expect(try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false).isClean)
        #expect(try await f.read("data.bin") == bytes(8))
        #expect(try await f.read("big.bin") == bytes(5, 700))
        // Within bounds now: a second pass removes nothing.
        #expect(try await f.files.expireBeyondSpaceShare() == .init())
    }

    @Test func usersWithoutAQuotaKeepTheirVersionsAndTrash() async throws {
        let f = try await FileServiceFixture()
        for digit in 0...3 { try await f.put("a.txt", bytes(digit)) }
        try await f.put("b.txt", "b")
        try await f.files.delete(f.alice, owner: "alice", path: f.path("b.txt"))
        #expect(try await f.files.expireBeyondSpaceShare() == .init())
        #expect(try await f.files.trash(f.alice.principal, owner: "alice").count == 1)
    }

    @Test func shareOfAnyQuotaWithoutOverflow() {
        #expect(FileService.percent(50, of: 901) == 450)
        #expect(FileService.percent(100, of: .max) == .max)
        #expect(FileService.percent(1, of: 99) == 0)
    }
}
