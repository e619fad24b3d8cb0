/// Which locks stand in the way of a change. A lock on a path protects the path itself; a deep lock also protects
/// everything below it; a lock on a folder also protects its list of members (adding or removing one).
public enum LockRules {
    static func live(_ locks: [LockRecord], now: Int64) -> [LockRecord] { locks.filter { $0.expiresAt > now } }

    public static func covers(_ lock: LockRecord, path: TreePath) -> Bool {
        let lockPath = lockPathComponents(lock)
        if lockPath == path.components { return true }
        return lock.deep && path.components.count > lockPath.count && Array(path.components.prefix(lockPath.count)) == lockPath
    }

    static func lockPathComponents(_ lock: LockRecord) -> [String] {
        TreePath.rootRelative(lock.path)
    }

    /// The first lock whose token the request did not submit that protects `path` (or, with `subtree`, anything
    /// below it, or, with `membership`, the member list of its parent).
    static func blocking(_ locks: [LockRecord], path: TreePath, subtree: Bool, membership: Bool,
                         tokens: Set<String>) -> LockRecord? {
        for lock in locks where !tokens.contains(lock.token) {
            if covers(lock, path: path) { return lock }
            if subtree {
                let lockPath = lockPathComponents(lock)
                if lockPath.count > path.components.count && Array(lockPath.prefix(path.components.count)) == path.components {
                    return lock
                }
            }
            if membership, let parent = path.parent, lockPathComponents(lock) == parent.components { return lock }
        }
        return nil
    }

    static func assertUnlocked(_ tx: any MetadataReading, owner: String, path: TreePath, subtree: Bool,
                               membership: Bool, context: OperationContext, now: Int64) throws {
        let locks = live(try tx.locks(treeOwner: owner), now: now)
        if locks.isEmpty { return }
        if let lock = blocking(locks, path: path, subtree: subtree, membership: membership, tokens: context.lockTokens) {
            throw HepboxError(.locked, "/\(path) is locked (lock on /\(lock.path)); submit its lock token")
        }
    }
}
