/// The rows behind groups and shares; part of every metadata engine (see `MetadataReading`).
public protocol SharingReading {
    func group(named name: String) throws -> GroupRecord?
    func allGroups() throws -> [GroupRecord]
    func members(ofGroup group: String) throws -> [String]
    func groups(ofUser user: String) throws -> [String]

    func share(id: Int64) throws -> ShareRecord?
    func share(token: String) throws -> ShareRecord?
    /// Shares made by `sharer`.
    func shares(sharer: String) throws -> [ShareRecord]
    /// Shares of nodes in the tree of `fileOwner`, whoever made them.
    func shares(fileOwner: String) throws -> [ShareRecord]
    func shares(onNode node: NodeID) throws -> [ShareRecord]
    /// User or group shares addressed to `recipient`.
    func shares(recipient: String, type: ShareType) throws -> [ShareRecord]
    /// Reshares made through `parent`.
    func shares(parent: Int64) throws -> [ShareRecord]

    /// The shares behind a mount point: one per share of the same node that reaches its user (a user share and a
    /// group share, or several groups, give one mount point).
    func mounts(node: NodeID) throws -> [MountRecord]
    func mounts(share: Int64) throws -> [MountRecord]
    func mounts(user: String) throws -> [MountRecord]
}

public protocol SharingWriting: SharingReading {
    func upsert(group: GroupRecord) throws
    /// Removes the group and its memberships.
    func deleteGroup(named name: String) throws
    func addMember(_ user: String, toGroup group: String) throws
    func removeMember(_ user: String, fromGroup group: String) throws

    /// Stores a new share and returns it with its id. Ids are never reused.
    func insert(share: ShareRecord) throws -> ShareRecord
    func update(share: ShareRecord) throws
    func deleteShare(id: Int64) throws

    func insert(mount: MountRecord) throws
    /// Removes a mount point's every share.
    func deleteMount(nodeID: NodeID) throws
    /// Removes one share from a mount point.
    func deleteMount(nodeID: NodeID, shareID: Int64) throws
}
