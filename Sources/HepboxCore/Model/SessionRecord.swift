/// A browser session of the web pages. Only a SHA-256 of the cookie's random token is stored; `csrfToken` is the
/// value every state-changing request of the session must echo (`requesttoken`).
public struct SessionRecord: Sendable, Equatable {
    public var tokenHash: String
    public var user: String
    public var csrfToken: String
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(tokenHash: String, user: String, csrfToken: String, createdAt: Int64, expiresAt: Int64) {
        self.tokenHash = tokenHash
        self.user = user
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
