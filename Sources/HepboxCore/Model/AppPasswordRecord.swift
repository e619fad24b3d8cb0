/// A password for one client (issued through `core/getapppassword` or the login flow), usable in place of the
/// account password and revocable on its own. Only a SHA-256 of the random token is stored.
public struct AppPasswordRecord: Sendable, Equatable {
    public var id: Int64
    public var user: String
    public var name: String
    public var tokenHash: String
    public var createdAt: Int64

    public init(id: Int64, user: String, name: String, tokenHash: String, createdAt: Int64) {
        self.id = id
        self.user = user
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
