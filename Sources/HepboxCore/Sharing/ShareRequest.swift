/// What a client asks for when it creates a share (OCS `POST shares`).
public struct ShareRequest: Sendable {
    public var path: TreePath
    public var type: ShareType
    /// User or group name (ignored for links).
    public var recipient: String?
    /// nil = the default: everything the node allows for users and groups, read-only for links.
    public var permissions: SharePermissions?
    public var password: String?
    /// Seconds since 1970 at which the share stops working.
    public var expiration: Int64?
    public var publicUpload: Bool?
    public var label: String?
    public var note: String?

    public init(path: TreePath, type: ShareType, recipient: String? = nil, permissions: SharePermissions? = nil,
                password: String? = nil, expiration: Int64? = nil, publicUpload: Bool? = nil, label: String? = nil,
                note: String? = nil) {
        self.path = path
        self.type = type
        self.recipient = recipient
        self.permissions = permissions
        self.password = password
        self.expiration = expiration
        self.publicUpload = publicUpload
        self.label = label
        self.note = note
    }
}

/// A change to an existing share (OCS `PUT shares/{id}`); nil fields stay as they are.
public struct ShareUpdate: Sendable {
    public var permissions: SharePermissions?
    /// "" removes the password.
    public var password: String?
    /// `.some(nil)` removes the expiry.
    public var expiration: Int64??
    public var publicUpload: Bool?
    public var label: String?
    public var note: String?

    public init(permissions: SharePermissions? = nil, password: String? = nil, expiration: Int64?? = nil,
                publicUpload: Bool? = nil, label: String? = nil, note: String? = nil) {
        self.permissions = permissions
        self.password = password
        self.expiration = expiration
        self.publicUpload = publicUpload
        self.label = label
        self.note = note
    }
}

/// A share with what clients show of it: the node, where the asking user sees it, and display names.
public struct ShareInfo: Sendable {
    public var record: ShareRecord
    /// The shared node (in its owner's tree).
    public var node: Node
    /// The node's path as the asking user sees it (their own tree, or through their mount point).
    public var path: TreePath
    /// Where the share appears for its recipient (the mount point path when the asker is the recipient).
    public var target: TreePath
    public var sharerDisplayName: String
    public var fileOwnerDisplayName: String
    public var recipientDisplayName: String?
    /// Effective permissions (capped by parent shares).
    public var permissions: SharePermissions
}
