/// A WebDAV lock. Kept in the metadata store so several server instances agree on it.
public struct LockRecord: Sendable, Equatable {
    public enum Scope: String, Sendable { case exclusive, shared }

    /// `opaquelocktoken:<uuid>`.
    public var token: String
    /// The user whose tree holds the locked path.
    public var treeOwner: String
    /// The locked path inside that tree, `/`-separated, no trailing slash ("" is the root).
    public var path: String
    public var scope: Scope
    /// true for `Depth: infinity`.
    public var deep: Bool
    /// The `<D:owner>` XML the client sent.
    public var ownerXML: String
    /// The principal that created the lock.
    public var principal: String
    public var timeoutSeconds: Int64
    public var expiresAt: Int64

    public init(token: String, treeOwner: String, path: String, scope: Scope, deep: Bool, ownerXML: String,
                principal: String, timeoutSeconds: Int64, expiresAt: Int64) {
        self.token = token
        self.treeOwner = treeOwner
        self.path = path
        self.scope = scope
        self.deep = deep
        self.ownerXML = ownerXML
        self.principal = principal
        self.timeoutSeconds = timeoutSeconds
        self.expiresAt = expiresAt
    }
}
