/// A local account. The password is only ever kept as a slow hash.
public struct UserRecord: Sendable, Equatable {
    public var name: String
    public var displayName: String
    public var email: String?
    public var passwordHash: String
    /// Bytes; nil means the configured default.
    public var quota: Int64?
    public var isAdmin: Bool
    public var createdAt: Int64

    public init(name: String, displayName: String, email: String?, passwordHash: String, quota: Int64?,
                isAdmin: Bool, createdAt: Int64) {
        self.name = name
        self.displayName = displayName
        self.email = email
        self.passwordHash = passwordHash
        self.quota = quota
        self.isAdmin = isAdmin
        self.createdAt = createdAt
    }
}
