extension ShareService {
    /// Shares the principal made (`reshares`: also those others made of the principal's files), optionally only
    /// those of the node at `path` (`subfiles`: of its members).
    public func list(_ principal: Principal, path: TreePath?, reshares: Bool, subfiles: Bool) async throws -> [ShareInfo] {
        var location: Location?
        if let path { location = try await files.locate(principal, owner: principal.name, path: path, requiring: .read) }
        let scope = location
        let records: [ShareRecord] = try await metadata.read { tx in
            var candidates = try tx.shares(sharer: principal.name)
            if reshares {
                candidates += try tx.shares(fileOwner: principal.name).filter { $0.sharer != principal.name }
            }
            guard let location = scope else { return candidates }
            guard let node = try FileService.resolve(tx, location) else { throw HepboxError.notFound("/\(location.viewPath)") }
            if subfiles {
                guard node.isFolder else { throw HepboxError.badRequest("subfiles needs a folder") }
                let members = Set(try tx.children(of: node.id).map(\.id))
                return candidates.filter { members.contains($0.nodeID) }
            }
            return candidates.filter { $0.nodeID == node.id }
        }
        return try await infos(principal, records)
    }

    /// Shares that reach the principal (their mount points), optionally only the one at `path`.
    public func sharedWithMe(_ principal: Principal, path: TreePath?) async throws -> [ShareInfo] {
        let now = clock.seconds()
        let records: [ShareRecord] = try await metadata.read { tx in
            var out: [ShareRecord] = []
            // Every share behind each mount point (one mount point may hold a user share and group shares).
            for mount in try tx.mounts(user: principal.name) {
                guard let mountNode = try tx.node(id: mount.nodeID), let share = try tx.share(id: mount.shareID),
                      try ShareOps.effectiveGrant(tx, share, now: now) != nil,
                      try ShareOps.mounted(tx, mountNode, now: now) != nil else { continue }
                if let path, try NamespaceOps.path(tx, of: mountNode) != path { continue }
                out.append(share)
            }
            return out
        }
        return try await infos(principal, records)
    }

    /// One share, for its sharer, the owner of the shared file, or a recipient.
    public func get(_ principal: Principal, id: Int64) async throws -> ShareInfo {
        let record = try await visibleShare(principal, id: id)
        return try await info(principal, record)
    }

    func visibleShare(_ principal: Principal, id: Int64) async throws -> ShareRecord {
        try await metadata.read { tx in
            guard let share = try tx.share(id: id) else { throw HepboxError.notFound("the share \(id)") }
            if share.sharer == principal.name || share.fileOwner == principal.name { return share }
            if try tx.mounts(share: id).contains(where: { $0.user == principal.name }) { return share }
            throw HepboxError.notFound("the share \(id)")
        }
    }

    func info(_ principal: Principal, _ record: ShareRecord) async throws -> ShareInfo {
        guard let info = try await infos(principal, [record]).first else { throw HepboxError.notFound("the share \(record.id)") }
        return info
    }

    /// Share records with their nodes, the asker's paths and display names; records whose node is gone are left out.
    func infos(_ principal: Principal, _ records: [ShareRecord]) async throws -> [ShareInfo] {
        let now = clock.seconds()
        return try await metadata.read { tx in
            var names: [String: String] = [:]
            func displayName(_ user: String) throws -> String {
                if let known = names[user] { return known }
                let name = try tx.user(named: user)?.displayName ?? user
                names[user] = name
                return name
            }
            return try records.compactMap { record -> ShareInfo? in
                guard let node = try tx.node(id: record.nodeID) else { return nil }
                let ownPath = try NamespaceOps.path(tx, of: node)
                var path = ownPath
                var target = try TreePath(components: [node.name])
                if let mount = try tx.mounts(share: record.id).first(where: { $0.user == principal.name }),
                   let mountNode = try tx.node(id: mount.nodeID) {
                    path = try NamespaceOps.path(tx, of: mountNode)
                    target = path
                } else if principal.name != record.fileOwner, let parentID = record.parentID,
                          let parent = try tx.share(id: parentID),
                          let viewPath = try ShareOps.viewPath(tx, of: node, through: parent, for: principal.name) {
                    path = viewPath
                }
                let recipientName: String? = switch record.type {
                case .user: try record.recipient.map(displayName)
                case .group: try record.recipient.map { try tx.group(named: $0)?.displayName ?? $0 }
                case .link: nil
                }
                return ShareInfo(record: record, node: node, path: path, target: target,
                                 sharerDisplayName: try displayName(record.sharer),
                                 fileOwnerDisplayName: try displayName(record.fileOwner),
                                 recipientDisplayName: recipientName,
                                 permissions: try ShareOps.effectiveGrant(tx, record, now: now) ?? [])
            }
        }
    }

    /// Users and groups whose name or display name contains `search` (case-insensitive), for the share dialog.
    public func sharees(_ principal: Principal, search: String, limit: Int = 200) async throws -> (users: [UserRecord], groups: [GroupRecord]) {
        let needle = search.lowercased()
        return try await metadata.read { tx in
            let users = try tx.allUsers().filter { user in
                user.name != principal.name
                    && (needle.isEmpty || user.name.lowercased().contains(needle) || user.displayName.lowercased().contains(needle))
            }
            let groups = try tx.allGroups().filter { group in
                needle.isEmpty || group.name.lowercased().contains(needle) || group.displayName.lowercased().contains(needle)
            }
            return (Array(users.prefix(limit)), Array(groups.prefix(limit)))
        }
    }
}
