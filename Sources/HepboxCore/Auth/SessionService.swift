
/// Web sessions: a login with the account password gives a random cookie token (stored only as a SHA-256) and a
/// CSRF token that every state-changing request of the session must echo. Sessions end on logout, after
/// `lifetime`, and when the password changes or the account goes.
public final class SessionService: Sendable {
    private let metadata: any MetadataStore
    private let users: UserDirectory
    private let clock: WallClock
    public let lifetime: Int64

    public init(metadata: any MetadataStore, users: UserDirectory, clock: WallClock = .system, lifetime: Int64 = 12 * 3600) {
        self.metadata = metadata
        self.users = users
        self.clock = clock
        self.lifetime = lifetime
    }

    public struct Started: Sendable {
        public var token: String
        public var session: SessionRecord
    }

    /// A new session for valid account credentials (app passwords are for clients, not for the web pages); nil when
    /// the credentials are wrong.
    public func login(name: String, password: String) async throws -> Started? {
        guard let principal = try await users.authenticate(name: name, password: password), principal.appPasswordID == nil else {
            return nil
        }
        let token = RandomToken.alphanumeric(length: 48)
        let now = clock.seconds()
        let record = SessionRecord(tokenHash: Self.hash(token), user: principal.name, csrfToken: RandomToken.alphanumeric(length: 40),
                                   createdAt: now, expiresAt: now + lifetime)
        try await metadata.write { tx in
            try tx.deleteSessions(user: nil, expiredBefore: now)
            try tx.insert(session: record)
        }
        return Started(token: token, session: record)
    }

    /// The principal and session of a cookie token, nil when unknown or expired (a password change or the
    /// account's deletion removes its sessions).
    public func principal(token: String) async throws -> (Principal, SessionRecord)? {
        let now = clock.seconds()
        let hash = Self.hash(token)
        return try await metadata.read { tx in
            guard let session = try tx.session(tokenHash: hash), session.expiresAt > now,
                  let user = try tx.user(named: session.user) else { return nil }
            return (Principal(name: user.name, isAdmin: user.isAdmin), session)
        }
    }

    public func logout(token: String) async throws {
        let hash = Self.hash(token)
        try await metadata.write { try $0.deleteSession(tokenHash: hash) }
    }

    /// Ends every session of a user (after a password change).
    public func endAll(user: String) async throws {
        let now = clock.seconds()
        try await metadata.write { try $0.deleteSessions(user: user, expiredBefore: now) }
    }

    static func hash(_ token: String) -> String { UserDirectory.tokenHash(token) }
}
