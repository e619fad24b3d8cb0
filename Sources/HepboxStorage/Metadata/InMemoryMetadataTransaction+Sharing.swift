import HepboxCore

extension InMemoryMetadataTransaction {
    // MARK: groups

    func group(named name: String) throws -> GroupRecord? { state.groups[name] }
    func allGroups() throws -> [GroupRecord] { state.groups.values.sorted { $0.name < $1.name } }

    func members(ofGroup group: String) throws -> [String] {
        state.memberships.filter { $0.group == group }.map(\.user).sorted()
    }

    func groups(ofUser user: String) throws -> [String] {
        state.memberships.filter { $0.user == user }.map(\.group).sorted()
    }

    func upsert(group: GroupRecord) throws { state.groups[group.name] = group }

    func deleteGroup(named name: String) throws {
        state.groups[name] = nil
        state.memberships = state.memberships.filter { $0.group != name }
    }

    func addMember(_ user: String, toGroup group: String) throws {
        state.memberships.insert(.init(group: group, user: user))
    }

    func removeMember(_ user: String, fromGroup group: String) throws {
        state.memberships.remove(.init(group: group, user: user))
    }

    // MARK: shares

    func share(id: Int64) throws -> ShareRecord? { state.shares[id] }
    func share(token: String) throws -> ShareRecord? { state.shares.values.first { $0.token == token } }
    func shares(sharer: String) throws -> [ShareRecord] { sortedShares { $0.sharer == sharer } }
    func shares(fileOwner: String) throws -> [ShareRecord] { sortedShares { $0.fileOwner == fileOwner } }
    func shares(onNode node: NodeID) throws -> [ShareRecord] { sortedShares { $0.nodeID == node } }

    func shares(recipient: String, type: ShareType) throws -> [ShareRecord] {
        sortedShares { $0.recipient == recipient && $0.type == type }
    }

    func shares(parent: Int64) throws -> [ShareRecord] { sortedShares { $0.parentID == parent } }

    private func sortedShares(_ include: (ShareRecord) -> Bool) -> [ShareRecord] {
        state.shares.values.filter(include).sorted { $0.id < $1.id }
    }

    func insert(share: ShareRecord) throws -> ShareRecord {
        if let token = share.token, state.shares.values.contains(where: { $0.token == token }) {
            throw HepboxError(.alreadyExists, "a share with this token exists")
        }
        state.lastShareID += 1
        var stored = share
        stored.id = state.lastShareID
        state.shares[stored.id] = stored
        return stored
    }

    func update(share: ShareRecord) throws {
        guard state.shares[share.id] != nil else { throw HepboxError.notFound("share \(share.id)") }
        state.shares[share.id] = share
    }

    func deleteShare(id: Int64) throws { state.shares[id] = nil }

    // MARK: mounts

    func mounts(node: NodeID) throws -> [MountRecord] {
        (state.mounts[node] ?? []).sorted { $0.shareID < $1.shareID }
    }

    func mounts(share: Int64) throws -> [MountRecord] {
        state.mounts.values.joined().filter { $0.shareID == share }.sorted { $0.nodeID < $1.nodeID }
    }

    func mounts(user: String) throws -> [MountRecord] {
        state.mounts.values.joined().filter { $0.user == user }
            .sorted { ($0.nodeID, $0.shareID) < ($1.nodeID, $1.shareID) }
    }

    func insert(mount: MountRecord) throws {
        guard !(state.mounts[mount.nodeID] ?? []).contains(where: { $0.shareID == mount.shareID }) else {
            throw HepboxError(.alreadyExists, "node \(mount.nodeID) mounts share \(mount.shareID) already")
        }
        state.mounts[mount.nodeID, default: []].append(mount)
    }

    func deleteMount(nodeID: NodeID) throws { state.mounts[nodeID] = nil }

    func deleteMount(nodeID: NodeID, shareID: Int64) throws {
        state.mounts[nodeID]?.removeAll { $0.shareID == shareID }
        if state.mounts[nodeID]?.isEmpty == true { state.mounts[nodeID] = nil }
    }
}
