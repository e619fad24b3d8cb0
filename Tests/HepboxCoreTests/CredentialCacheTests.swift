import HepboxCore
import HepboxStorage
import Testing

/// Accepted credentials are remembered briefly; every change of them in this process forgets them at once, and a
/// change by another process (the CLI, here a second directory over the same store) is seen within the lifetime.
@Suite struct CredentialCacheTests {
    final class ManualClock: @unchecked Sendable {
        // @unchecked: tests set it between calls only.
        var now: Int64 = 1_000_000
        var clock: WallClock { WallClock { [self] in now } }
    }

    @Test func changesInThisProcessTakeEffectAtOnce() async throws {
        let metadata = InMemoryMetadataStore()
        let time = ManualClock()
        let users = UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4), clock: time.clock)
        try await users.add(name: "alice", password: "old")
        #expect(try await users.authenticate(name: "alice", password: "old")?.name == "alice")
        try await users.setPassword(name: "alice", password: "new")
        #expect(try await users.authenticate(name: "alice", password: "old") == nil)
        #expect(try await users.authenticate(name: "alice", password: "new")?.name == "alice")

        let (record, token) = try await users.issueAppPassword(user: "alice", name: "laptop")
        #expect(try await users.authenticate(name: "alice", password: token)?.appPasswordID == record.id)
        try await users.revokeAppPassword(id: record.id, user: "alice")
        #expect(try await users.authenticate(name: "alice", password: token) == nil)

        #expect(try await users.authenticate(name: "alice", password: "new") != nil)
        try await users.delete(name: "alice")
        #expect(try await users.authenticate(name: "alice", password: "new") == nil)
    }

    /// A sync client's parallel requests whose remembered check has expired: one bcrypt between them, not one each.
    @Test func aBurstOfRequestsWithTheSameCredentialsPaysBcryptOnce() async throws {
        let metadata = InMemoryMetadataStore()
        let time = ManualClock()
        let hasher = PasswordHasher(cost: 8)
        let users = UserDirectory(metadata: metadata, hasher: hasher, clock: time.clock)
        try await users.add(name: "alice", password: "pw")
        let results = try await withThrowingTaskGroup(of: Principal?.self) { group in
            for _ in 0..<16 { group.addTask { try await users.authenticate(name: "alice", password: "pw") } }
            return try await group.reduce(into: [Principal?]()) { $0.append($1) }
        }
        #expect(results.count == 16 && results.allSatisfy { $0?.name == "alice" })
        #expect(hasher.verificationCount == 1)
        // A wrong password in the same burst is checked on its own, and fails.
        time.now += 1_000
        async let wrong = users.authenticate(name: "alice", password: "nope")
        async let right = users.authenticate(name: "alice", password: "pw")
        #expect(try await wrong == nil)
        #expect(try await right?.name == "alice")
    }

    @Test func changesByAnotherProcessTakeEffectWithinTheLifetime() async throws {
        let metadata = InMemoryMetadataStore()
        let time = ManualClock()
        let server = UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4), clock: time.clock)
        let cli = UserDirectory(metadata: metadata, hasher: PasswordHasher(cost: 4), clock: time.clock)
        try await cli.add(name: "bob", password: "old")
        let (record, token) = try await cli.issueAppPassword(user: "bob", name: "phone")
        #expect(try await server.authenticate(name: "bob", password: "old") != nil)
        #expect(try await server.authenticate(name: "bob", password: token) != nil)

        try await cli.setPassword(name: "bob", password: "new")
        try await cli.revokeAppPassword(id: record.id)
        time.now += UserDirectory.credentialLifetime
        #expect(try await server.authenticate(name: "bob", password: "old") == nil)
        #expect(try await server.authenticate(name: "bob", password: token) == nil)
        #expect(try await server.authenticate(name: "bob", password: "new") != nil)

        try await cli.delete(name: "bob")
        time.now += UserDirectory.credentialLifetime
        #expect(try await server.authenticate(name: "bob", password: "new") == nil)
    }
}
