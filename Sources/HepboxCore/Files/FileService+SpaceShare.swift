extension FileService {
    /// What housekeeping removed to keep versions and trash within their share of their owners' free quota.
    public struct SpaceShareExpiry: Sendable, Equatable {
        public var versions = 0
        public var trashItems = 0
    }

    /// Drops the oldest versions, and the oldest trash items, of every user whose versions (or trash) take more
    /// than their percentage of what is left of the user's quota (`FileSettings.versionsSpacePercent`,
    /// `trashSpacePercent`). Run periodically by the server, like the trash retention.
    @discardableResult
    public func expireBeyondSpaceShare() async throws -> SpaceShareExpiry {
        let settings = settings
        let (budgets, versionBytes): ([String: (versions: Int64, trash: Int64)], [String: Int64]) = try await metadata.read { tx in
            var budgets: [String: (versions: Int64, trash: Int64)] = [:]
            for user in try tx.allUsers() {
                guard let free = try Self.quota(tx, owner: user.name, defaultQuota: settings.defaultQuota).available else { continue }
                budgets[user.name] = (Self.percent(settings.versionsSpacePercent, of: free),
                                      Self.percent(settings.trashSpacePercent, of: free))
            }
            return (budgets, try tx.versionBytesByOwner())
        }
        var expired = SpaceShareExpiry()
        for (owner, budget) in budgets.sorted(by: { $0.key < $1.key }) {
            if let bytes = versionBytes[owner], bytes > budget.versions {
                expired.versions += try await dropOldestVersions(owner: owner, budget: budget.versions)
            }
            expired.trashItems += try await dropOldestTrash(owner: owner, budget: budget.trash)
        }
        return expired
    }

    /// `percent` % of `bytes`, rounded down, without overflowing for any quota.
    static func percent(_ percent: Int, of bytes: Int64) -> Int64 {
        bytes / 100 * Int64(percent) + bytes % 100 * Int64(percent) / 100
    }

    private func dropOldestVersions(owner: String, budget: Int64) async throws -> Int {
        let dropped: [FileVersion] = try await metadata.write { tx in
            let versions = try tx.versions(owner: owner)
            var total = versions.reduce(0) { $0 + $1.size }
            var dropped: [FileVersion] = []
            for version in versions where total > budget {
                try tx.deleteVersion(id: version.id)
                total -= version.size
                dropped.append(version)
            }
            return dropped
        }
        await release(blobIDs: dropped.compactMap(\.blobID))
        return dropped.count
    }

    private func dropOldestTrash(owner: String, budget: Int64) async throws -> Int {
        let now = clock.seconds()
        let (count, released): (Int, [String]) = try await metadata.write { tx in
            guard let root = try tx.rootNode(owner: AccessPolicy.trashOwner(of: owner)), root.size > budget else { return (0, []) }
            let items = try tx.children(of: root.id).map { try TrashOps.info(tx, $0) }
                .sorted { ($0.deletedAt, $0.node.id) < ($1.deletedAt, $1.node.id) }
            var total = root.size
            var count = 0
            var released: [String] = []
            for item in items where total > budget {
                released += try NamespaceOps.removeSubtree(tx, item.node)
                try NamespaceOps.propagate(tx, from: root.id, sizeDelta: -item.node.size, mtime: now)
                total -= item.node.size
                count += 1
            }
            return (count, released)
        }
        await release(blobIDs: released)
        return count
    }
}
