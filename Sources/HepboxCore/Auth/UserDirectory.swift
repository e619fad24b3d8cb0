import Crypto
import Foundation
import HummingbirdBcrypt

/// Local accounts: create, list, change password, delete, authenticate.
public final class UserDirectory: Sendable {
    private let metadata: any MetadataStore
    private let hasher: PasswordHasher
    private let clock: WallClock
    /// Successful Basic-auth checks, keyed by a SHA-256 of the credentials, so clients that send Basic on every
    /// request do not pay bcrypt each time. An entry is only valid while the stored hash is unchanged.
    private let verified = Mutex<[SHA256Digest: (passwordHash: String, expires: Int64)]>([:])
    /// Principals of recently accepted credentials, so most requests authenticate without a metadata read.
    private let recent: CredentialCache
    /// One bcrypt for a burst of requests with the same credentials (when their remembered check has expired).
    private let checks = SingleFlight<PasswordCheck, Bool>()
    /// Seconds a change made by another process (the CLI) may take to reach this one's authentication.
    public static let credentialLifetime = CredentialCache.lifetime

    public init(metadata: any MetadataStore, hasher: PasswordHasher = PasswordHasher(), clock: WallClock = .system) {
        self.metadata = metadata
        self.hasher = hasher
        self.clock = clock
        recent = CredentialCache(clock: clock)
    }

    public static func validateName(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@"))
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }),
              name != ".", name != ".."
        else {
            throw HepboxError.badRequest("a user name is 1–64 characters of letters, digits, '.', '_', '-', '@': \(name)")
        }
    }

    @discardableResult
    public func add(name: String, password: String, displayName: String? = nil, email: String? = nil,
                    isAdmin: Bool = false, quota: Int64? = nil) async throws -> UserRecord {
        try Self.validateName(name)
        guard !password.isEmpty else { throw HepboxError.badRequest("the password must not be empty") }
        let record = UserRecord(name: name, displayName: displayName ?? name, email: email,
                                passwordHash: await hasher.hash(password), quota: quota, isAdmin: isAdmin,
                                createdAt: clock.seconds())
        try await metadata.write { tx in
            if try tx.user(named: name) != nil { throw HepboxError(.alreadyExists, "the user \(name) exists already") }
            try tx.upsert(user: record)
        }
        return record
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await metadata.read { try $0.user(named: name) }
    }

    public func list() async throws -> [UserRecord] {
        try await metadata.read { try $0.allUsers() }.sorted { $0.name < $1.name }
    }

    public func setPassword(name: String, password: String) async throws {
        guard !password.isEmpty else { throw HepboxError.badRequest("the password must not be empty") }
        let hash = await hasher.hash(password)
        try await metadata.write { tx in
            guard var user = try tx.user(named: name) else { throw HepboxError.notFound("the user \(name)") }
            user.passwordHash = hash
            try tx.upsert(user: user)
            try tx.deleteSessions(user: name, expiredBefore: 0)  // a new password logs every browser out
        }
        recent.invalidate()
    }

    public func update(_ record: UserRecord) async throws {
        try await metadata.write { tx in
            guard try tx.user(named: record.name) != nil else { throw HepboxError.notFound("the user \(record.name)") }
            try tx.upsert(user: record)
        }
        recent.invalidate()
    }

    /// Deletes the account; the shares it made, received or owns end, and it leaves its groups (its files stay
    /// until `fsck --repair`).
    public func delete(name: String) async throws {
        let now = clock.seconds()
        try await metadata.write { tx in
            guard try tx.user(named: name) != nil else { throw HepboxError.notFound("the user \(name)") }
            let shares = try tx.shares(sharer: name) + tx.shares(fileOwner: name) + tx.shares(recipient: name, type: .user)
            for share in shares where try tx.share(id: share.id) != nil { try ShareOps.delete(tx, share, now: now) }
            for mount in try tx.mounts(user: name) {
                if let node = try tx.node(id: mount.nodeID) { try ShareOps.unmount(tx, node, now: now) }
            }
            for group in try tx.groups(ofUser: name) { try tx.removeMember(name, fromGroup: group) }
            try tx.deleteSessions(user: name, expiredBefore: 0)
            try tx.deleteUser(named: name)
        }
        recent.invalidate()
    }

    /// The principal for valid credentials, nil otherwise. One metadata read finds both the account and an app
    /// password with these credentials; account passwords that verified recently skip bcrypt.
    ///
    /// Accepted credentials are remembered for `CredentialCache.lifetime` seconds: changes made through this
    /// directory (password, deletion, revocation) forget them at once; changes made by another process (the CLI)
    /// take effect within that lifetime.
    public func authenticate(name: String, password: String) async throws -> Principal? {
        let key = Self.cacheKey(name: name, password: password)
        let generation = recent.generation()
        if let principal = recent.lookup(key) { return principal }
        guard let principal = try await verify(name: name, password: password, key: key) else { return nil }
        recent.remember(principal, for: key, generation: generation)
        return principal
    }

    private func verify(name: String, password: String, key: SHA256Digest) async throws -> Principal? {
        let tokenHash = Self.tokenHash(password)
        let (found, app) = try await metadata.read { tx in (try tx.user(named: name), try tx.appPassword(tokenHash: tokenHash)) }
        guard let user = found else {
            _ = await hasher.verify(password, against: Self.dummyHash)  // same cost for unknown users: no user enumeration
            return nil
        }
        if let app, app.user == user.name {
            return Principal(name: user.name, isAdmin: user.isAdmin, appPasswordID: app.id)
        }
        let now = clock.seconds()
        if let hit = verified.withLock({ $0[key] }), hit.passwordHash == user.passwordHash, hit.expires > now {
            return Principal(name: user.name, isAdmin: user.isAdmin)
        }
        let check = PasswordCheck(credentials: Array(key), hash: user.passwordHash)
        guard await checks.run(check, { [hasher] in await hasher.verify(password, against: check.hash) }) else { return nil }
        verified.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (user.passwordHash, now + 300)
        }
        return Principal(name: user.name, isAdmin: user.isAdmin)
    }

    // MARK: app passwords

    /// Issues an app password for `user`; the token is returned once and only its hash is kept.
    public func issueAppPassword(user: String, name: String) async throws -> (AppPasswordRecord, String) {
        guard try await self.user(named: user) != nil else { throw HepboxError.notFound("the user \(user)") }
        let token = RandomToken.alphanumeric(length: 72)
        let record = try await metadata.write { [clock] tx in
            try tx.insert(appPassword: AppPasswordRecord(id: 0, user: user, name: name, tokenHash: Self.tokenHash(token),
                                                         createdAt: clock.seconds()))
        }
        return (record, token)
    }

    public func appPasswords(user: String?) async throws -> [AppPasswordRecord] {
        try await metadata.read { try $0.appPasswords(user: user) }
    }

    /// Revokes one app password (of `user` when given, so a user can only revoke their own).
    public func revokeAppPassword(id: Int64, user: String? = nil) async throws {
        try await metadata.write { tx in
            guard let record = try tx.appPasswords(user: user).first(where: { $0.id == id }) else {
                throw HepboxError.notFound("the app password \(id)")
            }
            try tx.deleteAppPassword(id: record.id)
        }
        recent.invalidate()
    }

    static func tokenHash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Computed once, on the first sign-in attempt for an unknown user.
    private static let dummyHash = Bcrypt.hash("not a password", cost: PasswordHasher().cost)

    private static func cacheKey(name: String, password: String) -> SHA256Digest {
        SHA256.hash(data: Data("\(name)\u{0}\(password)".utf8))
    }
}

/// A password check as `SingleFlight` shares it: the same credentials against the same stored hash.
struct PasswordCheck: Hashable, Sendable {
    var credentials: [UInt8]
    var hash: String
}
