extension FileService {
    /// A recipient deleting a mount point leaves every share behind it: a user share ends, a group share
    /// disappears from this member's tree only.
    func leaveShare(_ principal: Principal, location: Location) async throws {
        guard let mount = location.mount, location.share != nil else { return }
        let now = clock.seconds()
        try await metadata.write { tx in
            guard let mountNode = try tx.node(id: mount.id) else { throw HepboxError.notFound("/\(location.viewPath)") }
            for row in try tx.mounts(node: mountNode.id) {
                if let share = try tx.share(id: row.shareID), share.type == .user { try ShareOps.delete(tx, share, now: now) }
            }
            if let remaining = try tx.node(id: mountNode.id) { try ShareOps.unmount(tx, remaining, now: now) }
        }
    }
}
