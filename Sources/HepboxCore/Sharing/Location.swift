/// Where a path of a view really is. A view is what a URL names: a user's tree (whose mount points lead into
/// other users' trees) or a public link. Operations run on `owner`/`path`; `AccessPolicy` decides from the rest.
public struct Location: Sendable {
    /// The tree that holds the node.
    public var owner: String
    /// The path inside that tree.
    public var path: TreePath
    /// The share the view path passes through; nil in one's own (or a system) tree.
    public var share: ShareRecord?
    /// What the share chain allows (the share's bits capped by every parent share); empty without a share.
    public var grant: SharePermissions
    /// The recipient's mount node when the view path names the mount point itself.
    public var mount: Node?
    public var viewOwner: String
    public var viewPath: TreePath
    /// The node the walk already found (own tree, every component present), so the operation need not resolve the
    /// path again in the same transaction.
    var walked: Node?
    /// What else the walk found in the owner's tree: its root and the folder that holds (or would hold) the last
    /// component, so an upload's checks need not look them up again.
    var walkedRoot: Node?
    var walkedParent: Node?

    /// A location in the viewer's own tree (or a system tree): no translation.
    public init(own owner: String, path: TreePath) {
        self.owner = owner
        self.path = path
        share = nil
        grant = []
        mount = nil
        viewOwner = owner
        viewPath = path
    }

    init(owner: String, path: TreePath, share: ShareRecord, grant: SharePermissions, mount: Node?, viewOwner: String,
         viewPath: TreePath) {
        self.owner = owner
        self.path = path
        self.share = share
        self.grant = grant
        self.mount = mount
        self.viewOwner = viewOwner
        self.viewPath = viewPath
    }

    public var isShared: Bool { share != nil }
    public var isMountPoint: Bool { mount != nil }
    public var isPublicLink: Bool { AccessPolicy.isLinkOwner(viewOwner) }
}
