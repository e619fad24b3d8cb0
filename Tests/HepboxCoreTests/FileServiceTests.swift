import HepboxCore
import HepboxStorage
import Testing

@Suite struct FileServiceTests {
    @Test func uploadCreatesThenOverwritesKeepingTheFileID() async throws {
        let f = try await FileServiceFixture()
        let first = try await f.put("a.txt", "one")
        #expect(first.created)
        let second = try await f.put("a.txt", "three")
        #expect(!second.created)
        #expect(second.node.id == first.node.id)
        #expect(second.node.etag != first.node.etag)
        #expect(try await f.read("a.txt") == "three")
        #expect(second.node.checksums?.sha1 == "b802f384302cb24fbab0a44997e820bf2e8507bb")
    }

    @Test func everyChangePropagatesEtagsAndSizesToTheRoot() async throws {
        let f = try await FileServiceFixture()
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("a"))
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("a/b"))
        let rootBefore = try await f.node("")
        let aBefore = try await f.node("a")
        try await f.put("a/b/c.txt", "12345")
        let root = try await f.node(""), a = try await f.node("a"), b = try await f.node("a/b")
        #expect(root.etag != rootBefore.etag && a.etag != aBefore.etag)
        #expect(root.size == 5 && a.size == 5 && b.size == 5)

        // A move changes both sides; the id survives.
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("z"))
        let id = try await f.node("a/b/c.txt").id
        let aBeforeMove = try await f.node("a").etag
        _ = try await f.files.move(f.alice, owner: "alice", from: f.path("a/b/c.txt"), to: f.path("z/c.txt"), options: TransferOptions())
        #expect(try await f.node("z/c.txt").id == id)
        #expect(try await f.node("a").etag != aBeforeMove)
        #expect(try await f.node("a").size == 0)
        #expect(try await f.node("z").size == 5)
        #expect(try await f.node("").size == 5)

        // A copy gets a new id and doubles the size; a delete gives it back.
        _ = try await f.files.copy(f.alice, owner: "alice", from: f.path("z"), to: f.path("y"), options: TransferOptions())
        #expect(try await f.node("y/c.txt").id != id)
        #expect(try await f.node("").size == 10)
        try await f.files.delete(f.alice, owner: "alice", path: f.path("z"))
        #expect(try await f.node("").size == 5)
        #expect(try await f.read("y/c.txt") == "12345")
    }

    @Test func aWrongChecksumStoresNothingAndKeepsTheOldContent() async throws {
        let f = try await FileServiceFixture()
        try await f.put("a.txt", "old")
        let options = UploadOptions(checksum: ClaimedChecksum(type: "SHA1", value: "0000000000000000000000000000000000000000"))
        await #expect(throws: HepboxError.self) { try await f.put("a.txt", "new", options: options) }
        await #expect(throws: HepboxError.self) { try await f.put("b.txt", "new", options: options) }
        #expect(try await f.read("a.txt") == "old")
        #expect(try await f.files.find(f.alice.principal, owner: "alice", path: f.path("b.txt")) == nil)
        let report = try await StorageCheck(metadata: f.metadata, blobs: f.blobs).run(repair: false)
        #expect(report.isClean)
    }

    @Test func quotaIsEnforcedUpFrontAndOnTheBytes() async throws {
        let f = try await FileServiceFixture(quota: 10)
        try await f.put("a.txt", "12345")
        do {
            try await f.put("b.txt", "123456")
            Issue.record("an upload over the quota was accepted")
        } catch let error as HepboxError {
            #expect(error.code == .insufficientStorage)
        }
        // Announced length over the quota is refused before any byte is read.
        let announced = UploadOptions(expectedLength: 100)
        await #expect(throws: HepboxError(.insufficientStorage, "the upload needs 100 bytes; 5 are left in the quota of alice")) {
            try await f.put("c.txt", "x", options: announced)
        }
        // Overwriting within the quota is fine.
        try await f.put("a.txt", "1234567890")
        #expect(try await f.files.quota(owner: "alice").available == 0)
    }

    @Test func aFullDiskIsStorageFullAndKeepsTheOldContent() async throws {
        let f = try await FileServiceFixture(capacityPerNode: 64)
        try await f.put("a.txt", "old")
        do {
            try await f.put("a.txt", String(repeating: "x", count: 1000))
            Issue.record("a write past the disk's capacity succeeded")
        } catch let error as HepboxError {
            #expect(error.code == .storageFull)
        }
        #expect(try await f.read("a.txt") == "old")
    }

    @Test func missingParentIsAConflictAndPreconditionsAreChecked() async throws {
        let f = try await FileServiceFixture()
        do {
            try await f.put("missing/a.txt", "x")
            Issue.record("upload into a missing folder succeeded")
        } catch let error as HepboxError { #expect(error.code == .conflict) }
        let first = try await f.put("a.txt", "x")
        let stale = UploadOptions(conditions: Preconditions(ifMatch: ["not-the-etag"]))
        do {
            try await f.put("a.txt", "y", options: stale)
            Issue.record("a stale If-Match was accepted")
        } catch let error as HepboxError { #expect(error.code == .preconditionFailed) }
        let fresh = UploadOptions(conditions: Preconditions(ifMatch: [first.node.etag]))
        try await f.put("a.txt", "y", options: fresh)
        #expect(try await f.read("a.txt") == "y")
    }

    @Test func anotherUsersTreeIsInvisible() async throws {
        let f = try await FileServiceFixture()
        try await f.put("secret.txt", "s")
        await #expect(throws: HepboxError.notFound("/secret.txt")) {
            _ = try await f.files.node(f.bob.principal, owner: "alice", path: f.path("secret.txt"))
        }
        await #expect(throws: HepboxError.self) {
            try await f.files.delete(f.bob, owner: "alice", path: f.path("secret.txt"))
        }
        #expect(try await f.read("secret.txt") == "s")
    }

    @Test func locksBlockWritersWithoutTheToken() async throws {
        let f = try await FileServiceFixture()
        _ = try await f.files.makeFolder(f.alice, owner: "alice", path: f.path("docs"))
        let lock = try await f.locks.lock(f.alice, owner: "alice", path: f.path("docs"), scope: .exclusive, deep: true,
                                          ownerXML: "", timeout: 60)
        do {
            try await f.put("docs/a.txt", "x")
            Issue.record("a write into a locked folder without its token succeeded")
        } catch let error as HepboxError { #expect(error.code == .locked) }
        var withToken = f.alice
        withToken.lockTokens = [lock.lock.token]
        try await f.put("docs/a.txt", "x", as: withToken)
        await #expect(throws: HepboxError.self) {
            _ = try await f.locks.lock(f.alice, owner: "alice", path: f.path("docs/a.txt"), scope: .shared, deep: false,
                                       ownerXML: "", timeout: 60)
        }
        try await f.locks.unlock(f.alice, owner: "alice", path: f.path("docs"), token: lock.lock.token)
        try await f.put("docs/a.txt", "y")
    }

    @Test func pathsNeverLeaveTheTree() throws {
        for bad in ["a/../b", "%2e%2e/x", "a/%2E%2E", "a%00b", "a%0Ab", "./a", "a%2Fb"] {
            #expect(throws: HepboxError.self, "\(bad)") { _ = try TreePath(encoded: Substring(bad)) }
        }
        let nfd = try TreePath(encoded: "cafe%CC%81")  // e + combining acute
        #expect(nfd.name == "caf\u{E9}")
        // A raw slash followed by a combining mark is one Character but still a separator: no name holds a slash.
        let split = try TreePath(encoded: "a/\u{301}b/c")
        #expect(split.components.count == 3 && !split.components.contains { $0.contains("/") })
        #expect(throws: HepboxError.self) { _ = try TreePath(components: ["a/b"]) }
        // Plain paths (forms, OCS parameters) split the same way, and are not percent-decoded.
        #expect(try TreePath(slashSeparated: "/a/\u{301}b//c%20d/").components == ["a", "\u{301}b", "c%20d"])
        #expect(throws: HepboxError.self) { _ = try TreePath(slashSeparated: "a/../b") }
    }
}
