import HepboxCore

/// All rows of the in-memory metadata store as one value, so a transaction works on a copy and a failed one is
/// dropped whole (copy-on-write keeps the copy cheap).
struct InMemoryMetadataState: Sendable {
    var nodes: [NodeID: Node] = [:]
    /// The last id handed out; only grows, so ids are never reused.
    var lastNodeID: NodeID = 0
    var users: [String: UserRecord] = [:]
    var properties: [NodeID: [PropertyKey: DeadProperty]] = [:]
    var locks: [String: LockRecord] = [:]
    var blobs: [String: BlobRecord] = [:]
    var versions: [Int64: FileVersion] = [:]
    var lastVersionID: Int64 = 0
    var appPasswords: [Int64: AppPasswordRecord] = [:]
    var lastAppPasswordID: Int64 = 0
    var groups: [String: GroupRecord] = [:]
    /// (group, user) pairs.
    var memberships: Set<Membership> = []
    var shares: [Int64: ShareRecord] = [:]
    var lastShareID: Int64 = 0
    var mounts: [NodeID: [MountRecord]] = [:]
    var sessions: [String: SessionRecord] = [:]
    var favorites: [String: Set<NodeID>] = [:]

    struct Membership: Hashable, Sendable {
        var group: String
        var user: String
    }

    struct PropertyKey: Hashable, Sendable {
        var namespace: String
        var name: String
    }
}

/// `MetadataWriting` over a private copy of the state; the store publishes the copy only when the body succeeded.
final class InMemoryMetadataTransaction: MetadataWriting {
    var state: InMemoryMetadataState

    init(state: InMemoryMetadataState) { self.state = state }

    // MARK: nodes

    func node(id: NodeID) throws -> Node? { state.nodes[id] }

    func child(of parent: NodeID, named name: String) throws -> Node? {
        state.nodes.values.first { $0.parentID == parent && $0.name == name }
    }

    func children(of parent: NodeID) throws -> [Node] {
        state.nodes.values.filter { $0.parentID == parent }.sorted { $0.name < $1.name }
    }

    func rootNode(owner: String) throws -> Node? {
        state.nodes.values.first { $0.parentID == nil && $0.owner == owner }
    }

    func nodes(after: NodeID, limit: Int) throws -> [Node] {
        Array(state.nodes.values.filter { $0.id > after }.sorted { $0.id < $1.id }.prefix(limit))
    }

    func sizeOfChildren(of parent: NodeID) throws -> Int64 {
        state.nodes.values.reduce(0) { $0 + ($1.parentID == parent ? $1.size : 0) }
    }

    func referenceCount(blobID: String) throws -> Int {
        state.nodes.values.count { $0.blobID == blobID } + state.versions.values.count { $0.blobID == blobID }
    }

    // MARK: app passwords

    func appPasswords(user: String?) throws -> [AppPasswordRecord] {
        state.appPasswords.values.filter { user == nil || $0.user == user }.sorted { $0.id < $1.id }
    }

    func appPassword(tokenHash: String) throws -> AppPasswordRecord? {
        state.appPasswords.values.first { $0.tokenHash == tokenHash }
    }

    func insert(appPassword: AppPasswordRecord) throws -> AppPasswordRecord {
        if state.appPasswords.values.contains(where: { $0.tokenHash == appPassword.tokenHash }) {
            throw HepboxError(.alreadyExists, "an app password with this token exists")
        }
        state.lastAppPasswordID += 1
        var stored = appPassword
        stored.id = state.lastAppPasswordID
        state.appPasswords[stored.id] = stored
        return stored
    }

    func deleteAppPassword(id: Int64) throws { state.appPasswords[id] = nil }

    // MARK: versions

    func versions(of node: NodeID) throws -> [FileVersion] {
        state.versions.values.filter { $0.nodeID == node }.sorted { $0.id > $1.id }
    }

    func versions(owner: String) throws -> [FileVersion] {
        state.versions.values.filter { state.nodes[$0.nodeID]?.owner == owner }.sorted { $0.id < $1.id }
    }

    func versionBytesByOwner() throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for version in state.versions.values {
            if let owner = state.nodes[version.nodeID]?.owner { out[owner, default: 0] += version.size }
        }
        return out
    }

    func version(id: Int64) throws -> FileVersion? { state.versions[id] }

    func insert(version: FileVersion) throws -> FileVersion {
        state.lastVersionID += 1
        var stored = version
        stored.id = state.lastVersionID
        state.versions[stored.id] = stored
        return stored
    }

    func deleteVersion(id: Int64) throws { state.versions[id] = nil }

    func insert(_ node: NewNode) throws -> Node {
        try checkPlacement(parentID: node.parentID, owner: node.owner, name: node.name, excluding: nil)
        state.lastNodeID += 1
        let stored = Node(id: state.lastNodeID, parentID: node.parentID, owner: node.owner, name: node.name,
                          kind: node.kind, size: node.size, mtime: node.mtime, etag: node.etag, blobID: node.blobID,
                          checksums: node.checksums, contentType: node.contentType)
        state.nodes[stored.id] = stored
        return stored
    }

    func update(_ node: Node) throws {
        guard state.nodes[node.id] != nil else { throw HepboxError.notFound("node \(node.id)") }
        try checkPlacement(parentID: node.parentID, owner: node.owner, name: node.name, excluding: node.id)
        state.nodes[node.id] = node
    }

    func touch(_ id: NodeID, sizeDelta: Int64, mtime: Int64?, etag: String) throws -> (parentID: NodeID?, owner: String)? {
        guard var node = state.nodes[id] else { return nil }
        node.size += sizeDelta
        node.etag = etag
        if let mtime { node.mtime = mtime }
        state.nodes[id] = node
        return (node.parentID, node.owner)
    }

    func deleteNode(id: NodeID) throws {
        state.nodes[id] = nil
        state.properties[id] = nil
        for user in state.favorites.keys { state.favorites[user]?.remove(id) }
    }

    private func checkPlacement(parentID: NodeID?, owner: String, name: String, excluding: NodeID?) throws {
        if let parentID {
            guard state.nodes[parentID] != nil else { throw HepboxError.notFound("parent node \(parentID)") }
            if let clash = try child(of: parentID, named: name), clash.id != excluding {
                throw HepboxError(.alreadyExists, "\(name) already exists in node \(parentID)")
            }
        } else if let clash = try rootNode(owner: owner), clash.id != excluding {
            throw HepboxError(.alreadyExists, "user \(owner) already has a root")
        }
    }

    // MARK: users

    func user(named name: String) throws -> UserRecord? { state.users[name] }
    func allUsers() throws -> [UserRecord] { state.users.values.sorted { $0.name < $1.name } }
    func upsert(user: UserRecord) throws { state.users[user.name] = user }
    func deleteUser(named name: String) throws {
        state.users[name] = nil
        state.favorites[name] = nil
    }

    // MARK: favorites

    func favorites(user: String) throws -> Set<NodeID> { state.favorites[user] ?? [] }

    func setFavorite(user: String, node: NodeID, _ favorite: Bool) throws {
        if favorite { state.favorites[user, default: []].insert(node) } else { state.favorites[user]?.remove(node) }
    }

    // MARK: dead properties

    func properties(of node: NodeID) throws -> [DeadProperty] {
        (state.properties[node] ?? [:]).values.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    func setProperty(_ property: DeadProperty, of node: NodeID) throws {
        state.properties[node, default: [:]][.init(namespace: property.namespace, name: property.name)] = property
    }

    func removeProperty(namespace: String, name: String, of node: NodeID) throws {
        state.properties[node]?[.init(namespace: namespace, name: name)] = nil
    }

    func copyProperties(from source: NodeID, to target: NodeID) throws {
        state.properties[target] = state.properties[source]
    }

    // MARK: locks

    func locks(treeOwner: String) throws -> [LockRecord] {
        state.locks.values.filter { $0.treeOwner == treeOwner }.sorted { ($0.path, $0.token) < ($1.path, $1.token) }
    }

    func lock(token: String) throws -> LockRecord? { state.locks[token] }
    func upsert(lock: LockRecord) throws { state.locks[lock.token] = lock }
    func deleteLock(token: String) throws { state.locks[token] = nil }

    // MARK: blobs

    func blob(id: String) throws -> BlobRecord? { state.blobs[id] }
    func blobs(after: String, limit: Int) throws -> [BlobRecord] {
        Array(state.blobs.values.filter { $0.id > after }.sorted { $0.id < $1.id }.prefix(limit))
    }

    func insert(blob: BlobRecord) throws {
        guard state.blobs[blob.id] == nil else { throw HepboxError(.alreadyExists, "blob \(blob.id) exists") }
        state.blobs[blob.id] = blob
    }

    func update(blob: BlobRecord) throws {
        guard state.blobs[blob.id] != nil else { throw HepboxError.notFound("blob \(blob.id)") }
        state.blobs[blob.id] = blob
    }

    func deleteBlob(id: String) throws { state.blobs[id] = nil }
}
