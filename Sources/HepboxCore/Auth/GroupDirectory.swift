/// Local groups and their members. Joining a group mounts the group's shares in the new member's tree; leaving
/// removes them; deleting a group ends its shares.
public final class GroupDirectory: Sendable {
    private let metadata: any MetadataStore
    /// Where shares appear in members' trees (`FileSettings.shareFolder`).
    private let shareFolder: TreePath
    private let clock: WallClock

    public init(metadata: any MetadataStore, shareFolder: TreePath = .root, clock: WallClock = .system) {
        self.metadata = metadata
        self.shareFolder = shareFolder
        self.clock = clock
    }

    public func add(name: String, displayName: String? = nil) async throws {
        try UserDirectory.validateName(name)
        try await metadata.write { tx in
            if try tx.group(named: name) != nil { throw HepboxError(.alreadyExists, "the group \(name) exists already") }
            try tx.upsert(group: GroupRecord(name: name, displayName: displayName ?? name))
        }
    }

    public func delete(name: String) async throws {
        let now = clock.seconds()
        try await metadata.write { tx in
            guard try tx.group(named: name) != nil else { throw HepboxError.notFound("the group \(name)") }
            for share in try tx.shares(recipient: name, type: .group) { try ShareOps.delete(tx, share, now: now) }
            try tx.deleteGroup(named: name)
        }
    }

    public func list() async throws -> [GroupRecord] { try await metadata.read { try $0.allGroups() } }

    public func group(named name: String) async throws -> GroupRecord? { try await metadata.read { try $0.group(named: name) } }

    public func members(of group: String) async throws -> [String] {
        try await metadata.read { tx in
            guard try tx.group(named: group) != nil else { throw HepboxError.notFound("the group \(group)") }
            return try tx.members(ofGroup: group)
        }
    }

    public func groups(of user: String) async throws -> [String] { try await metadata.read { try $0.groups(ofUser: user) } }

    public func addUser(_ user: String, to group: String) async throws {
        let now = clock.seconds()
        let folder = shareFolder
        try await metadata.write { tx in
            guard try tx.group(named: group) != nil else { throw HepboxError.notFound("the group \(group)") }
            guard try tx.user(named: user) != nil else { throw HepboxError.notFound("the user \(user)") }
            guard !(try tx.groups(ofUser: user).contains(group)) else { return }
            try tx.addMember(user, toGroup: group)
            for share in try tx.shares(recipient: group, type: .group) where share.sharer != user && share.fileOwner != user {
                guard let node = try tx.node(id: share.nodeID) else { continue }
                try ShareOps.mount(tx, share, for: user, in: folder, name: node.name, now: now)
            }
        }
    }

    public func removeUser(_ user: String, from group: String) async throws {
        let now = clock.seconds()
        try await metadata.write { tx in
            guard try tx.group(named: group) != nil else { throw HepboxError.notFound("the group \(group)") }
            guard try tx.groups(ofUser: user).contains(group) else {
                throw HepboxError.notFound("the user \(user) in the group \(group)")
            }
            try tx.removeMember(user, fromGroup: group)
            for share in try tx.shares(recipient: group, type: .group) {
                for mount in try tx.mounts(share: share.id) where mount.user == user {
                    if let node = try tx.node(id: mount.nodeID) { try ShareOps.detach(tx, share: share.id, from: node, now: now) }
                }
            }
        }
    }
}
