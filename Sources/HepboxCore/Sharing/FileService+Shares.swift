extension FileService {
    /// A recipient deleting a mount point leaves the share: a user share ends, a group share disappears from this
    /// member's tree only.
    func leaveShare(_ principal: Principal, location: Location) async throws {
        guard let mount = location.mount, let share = location.share else { return }
        let now = clock.seconds()
        try await metadata.write { tx in
            guard let mountNode = try tx.node(id: mount.id) else { throw HepboxError.notFound("/\(location.viewPath)") }
            if share.type == .user, let current = try tx.share(id: share.id) {
                try ShareOps.delete(tx, current, now: now)
            } else {
                try ShareOps.unmount(tx, mountNode, now: now)
            }
        }
    }
}
