/// How a share reaches its recipients (the OCS `shareType` numbers).
public enum ShareType: Int, Sendable, CaseIterable {
    case user = 0
    case group = 1
    case link = 3
}

/// The OCS permission bits of a share: 1 read, 2 update, 4 create, 8 delete, 16 share (31 = all).
public struct SharePermissions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let read = SharePermissions(rawValue: 1)
    public static let update = SharePermissions(rawValue: 2)
    public static let create = SharePermissions(rawValue: 4)
    public static let delete = SharePermissions(rawValue: 8)
    public static let share = SharePermissions(rawValue: 16)
    public static let all: SharePermissions = [.read, .update, .create, .delete, .share]

    /// What a file share can carry: a file has no members to create or delete.
    public static let fileMask: SharePermissions = [.read, .update, .share]

    /// A public link with upload: read, create, update and delete (15).
    public static let publicUpload: SharePermissions = [.read, .update, .create, .delete]
    /// Upload-only "file drop" (4): recipients add files but see nothing.
    public static let fileDrop: SharePermissions = [.create]

    /// The namespace permissions these bits grant inside the shared node.
    public var granted: Permissions {
        var out: Permissions = []
        if contains(.read) { out.insert(.read) }
        if contains(.update) { out.formUnion([.write, .rename, .move]) }
        if contains(.create) { out.insert(.create) }
        if contains(.delete) { out.insert(.delete) }
        if contains(.share) { out.insert(.share) }
        return out
    }
}

/// One share of a node: with a user, a group, or as a public link. `sharer` made it (the file owner or a
/// resharer); `fileOwner` owns the tree that holds the node.
public struct ShareRecord: Sendable, Equatable {
    public var id: Int64
    public var type: ShareType
    public var sharer: String
    public var fileOwner: String
    public var nodeID: NodeID
    public var permissions: SharePermissions
    /// User or group name; nil for links.
    public var recipient: String?
    /// Public links only: the token in `/s/<token>`.
    public var token: String?
    /// Public links only: a slow hash of the link password.
    public var passwordHash: String?
    /// Seconds since 1970 after which the share stops working; nil = never.
    public var expiration: Int64?
    public var label: String
    public var note: String
    public var createdAt: Int64
    /// The share through which the sharer reached the node (reshares); nil when the sharer owns it.
    public var parentID: Int64?
    public var hideDownload: Bool

    public init(id: Int64 = 0, type: ShareType, sharer: String, fileOwner: String, nodeID: NodeID,
                permissions: SharePermissions, recipient: String? = nil, token: String? = nil,
                passwordHash: String? = nil, expiration: Int64? = nil, label: String = "", note: String = "",
                createdAt: Int64, parentID: Int64? = nil, hideDownload: Bool = false) {
        self.id = id
        self.type = type
        self.sharer = sharer
        self.fileOwner = fileOwner
        self.nodeID = nodeID
        self.permissions = permissions
        self.recipient = recipient
        self.token = token
        self.passwordHash = passwordHash
        self.expiration = expiration
        self.label = label
        self.note = note
        self.createdAt = createdAt
        self.parentID = parentID
        self.hideDownload = hideDownload
    }

    public func isExpired(at now: Int64) -> Bool { expiration.map { now >= $0 } ?? false }
}

/// A share as it appears in a recipient's tree: the mount node (kind `.mount`) that stands for the shared node.
public struct MountRecord: Sendable, Equatable {
    public var nodeID: NodeID
    public var shareID: Int64
    public var user: String

    public init(nodeID: NodeID, shareID: Int64, user: String) {
        self.nodeID = nodeID
        self.shareID = shareID
        self.user = user
    }
}

/// A local group of users.
public struct GroupRecord: Sendable, Equatable {
    public var name: String
    public var displayName: String

    public init(name: String, displayName: String) {
        self.name = name
        self.displayName = displayName
    }
}
