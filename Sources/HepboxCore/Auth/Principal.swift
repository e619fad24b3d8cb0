/// Who is asking, and the lock tokens the request submitted (`If:` header), which write operations must present.
public struct Principal: Sendable, Equatable {
    public var name: String
    public var isAdmin: Bool
    /// Set when the request authenticated with an app password rather than the account password.
    public var appPasswordID: Int64?

    public init(name: String, isAdmin: Bool = false, appPasswordID: Int64? = nil) {
        self.name = name
        self.isAdmin = isAdmin
        self.appPasswordID = appPasswordID
    }
}

public struct OperationContext: Sendable {
    public var principal: Principal
    public var lockTokens: Set<String>

    public init(principal: Principal, lockTokens: Set<String> = []) {
        self.principal = principal
        self.lockTokens = lockTokens
    }
}
