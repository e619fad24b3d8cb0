/// The one place that decides access: the effective permissions of a principal on a path of a user's tree.
/// Front ends and services ask it; none re-implements a check.
public struct AccessPolicy: Sendable {
    public init() {}

    /// Permissions of `principal` in the tree of `owner` at `path`. Someone else's tree is invisible (empty set),
    /// so callers answer "not found" rather than revealing that it exists.
    public func permissions(of principal: Principal, inTreeOf owner: String, at path: TreePath) -> Permissions {
        if principal.name == owner { return .owner }
        if owner == Self.uploadsOwner(of: principal.name) || owner == Self.trashOwner(of: principal.name) {
            return .owner.subtracting(.share)
        }
        return []
    }

    /// The private tree that holds a user's chunked uploads in progress (`/remote.php/dav/uploads/<user>/`).
    /// `:` cannot occur in user names, so this never names a real user.
    public static func uploadsOwner(of user: String) -> String { "uploads:" + user }

    public static func isUploadsOwner(_ owner: String) -> Bool { owner.hasPrefix("uploads:") }

    /// The private tree that holds a user's deleted files until they are restored or expire.
    public static func trashOwner(of user: String) -> String { "trash:" + user }

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
