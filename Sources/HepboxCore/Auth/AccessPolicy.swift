/// The one place that decides access: the effective permissions of a principal on a path of a user's tree.
/// Front ends and services ask it; none re-implements a check.
public struct AccessPolicy: Sendable {
    public init() {}

    /// Permissions of `principal` in the tree of `owner` at `path`. Someone else's tree is invisible (empty set),
    /// so callers answer "not found" rather than revealing that it exists.
    public func permissions(of principal: Principal, inTreeOf owner: String, at path: TreePath) -> Permissions {
        // A public link's principal reaches nothing but its link (see `permissions(of:at:)`).
        if Self.isLinkOwner(principal.name) { return [] }
        if principal.name == owner { return .owner }
        if owner == Self.uploadsOwner(of: principal.name) || owner == Self.trashOwner(of: principal.name) {
            return .owner.subtracting(.share)
        }
        return []
    }

    /// Permissions of `principal` at a located path. Through a share: what the share chain grants, plus `S`
    /// (shared with me); at a mount point also `M` and what a recipient may do with their own entry (unshare it,
    /// rename or move it). Public links get the link's grant only.
    public func permissions(of principal: Principal, at location: Location) -> Permissions {
        guard location.isShared else {
            return permissions(of: principal, inTreeOf: location.owner, at: location.path)
        }
        if location.isPublicLink {
            return principal.name == location.viewOwner ? location.grant.granted : []
        }
        guard principal.name == location.viewOwner else { return [] }
        var granted = location.grant.granted.union(.shared)
        if location.isMountPoint { granted.formUnion([.mounted, .delete, .rename, .move]) }
        return granted
    }

    /// Throws unless every permission in `needed` is granted at `location`; an invisible place reads as "not found".
    public func require(_ needed: Permissions, of principal: Principal, at location: Location) throws {
        let granted = permissions(of: principal, at: location)
        if granted.isEmpty { throw HepboxError.notFound("/\(location.viewPath)") }
        if !granted.isSuperset(of: needed) {
            throw HepboxError(.forbidden, "you may not \(Self.verb(for: needed)) /\(location.viewPath)")
        }
    }

    static func verb(for needed: Permissions) -> String {
        if needed.contains(.share) { return "share" }
        if needed.contains(.delete) { return "delete" }
        if needed.contains(.create) { return "create items in" }
        if needed.contains(.write) || needed.contains(.rename) { return "change" }
        return "read"
    }

    /// The view of a public link (`/public.php/webdav/`): `link:` cannot occur in user names.
    public static func linkOwner(token: String) -> String { "link:" + token }

    public static func isLinkOwner(_ owner: String) -> Bool { owner.hasPrefix("link:") }

    public static func linkToken(_ owner: String) -> String { String(owner.dropFirst("link:".count)) }

    /// The private tree that holds a user's chunked uploads in progress (`/remote.php/dav/uploads/<user>/`).
    /// `:` cannot occur in user names, so this never names a real user.
    public static func uploadsOwner(of user: String) -> String { "uploads:" + user }

    public static func isUploadsOwner(_ owner: String) -> Bool { owner.hasPrefix("uploads:") }

    /// The private tree that holds a user's deleted files until they are restored or expire.
    public static func trashOwner(of user: String) -> String { "trash:" + user }

    /// The account a tree belongs to: its owner, or the user of a trash or uploads tree.
    public static func account(ofTree owner: String) -> String {
        for prefix in ["trash:", "uploads:"] where owner.hasPrefix(prefix) { return String(owner.dropFirst(prefix.count)) }
        return owner
    }

    public static func isTrashOwner(_ owner: String) -> Bool { owner.hasPrefix("trash:") }

    /// Trees that belong to the system (uploads in progress, trash) rather than to a user's visible files.
    public static func isSystemTree(_ owner: String) -> Bool { isUploadsOwner(owner) || isTrashOwner(owner) }

    /// Throws unless every permission in `needed` is granted; an invisible tree reads as "not found".
    public func require(_ needed: Permissions, of principal: Principal, inTreeOf owner: String, at path: TreePath) throws {
        let granted = permissions(of: principal, inTreeOf: owner, at: path)
        if granted.isEmpty { throw HepboxError.notFound("/\(path)") }
        if !granted.isSuperset(of: needed) {
            throw HepboxError(.forbidden, "you may not change /\(path)")
        }
    }
}
