extension FileService {
    /// A file (by id, as clients address versions) and its earlier contents, newest first.
    public func versions(_ principal: Principal, owner: String, fileID: NodeID) async throws -> (Node, [FileVersion]) {
        let now = clock.seconds()
        return try await metadata.read { [policy] tx in
            guard let node = try tx.node(id: fileID), node.kind == .file,
                  let location = try Self.locate(tx, principal: principal, viewOwner: owner, node: node, now: now)
            else { throw HepboxError.notFound("the file \(fileID)") }
            try policy.require(.read, of: principal, at: location)
            return (node, try tx.versions(of: node.id))
        }
    }

    /// One version and the record of its content (downloads).
    public func versionContent(_ principal: Principal, owner: String, fileID: NodeID, versionID: Int64) async throws
        -> (FileVersion, BlobRecord?)
    {
        let (_, versions) = try await versions(principal, owner: owner, fileID: fileID)
        guard let version = versions.first(where: { $0.id == versionID }) else {
            throw HepboxError.notFound("version \(versionID) of file \(fileID)")
        }
        let record = try await metadata.read { tx in try version.blobID.flatMap { try tx.blob(id: $0) } }
        return (version, record)
    }

    /// Streams a version's content.
    public func content(of version: FileVersion, record: BlobRecord?, range: Range<Int64>? = nil) throws -> BlobReadStream {
        guard let blobID = version.blobID else { return BlobReadStream { $0.finish() } }
        guard let record, record.id == blobID else { throw HepboxError(.corrupt, "the content of version \(version.id) is missing") }
        return blobs.read(record, range: range)
    }

    /// Makes a version the current content again; the content it replaces becomes a version. The file keeps its
    /// id and gets a new etag (so every client downloads it).
    @discardableResult
    public func restoreVersion(_ context: OperationContext, owner: String, fileID: NodeID, versionID: Int64) async throws -> Node {
        let now = clock.seconds()
        let limit = settings.maxVersions
        let defaultQuota = settings.defaultQuota
        let (node, released): (Node, [String]) = try await metadata.write { [clock, policy] tx in
            guard var node = try tx.node(id: fileID), node.kind == .file,
                  let location = try Self.locate(tx, principal: context.principal, viewOwner: owner, node: node, now: now),
                  let version = try tx.version(id: versionID), version.nodeID == fileID
            else { throw HepboxError.notFound("version \(versionID) of file \(fileID)") }
            let path = location.path
            try policy.require(.write, of: context.principal, at: location)
            try LockRules.assertUnlocked(tx, owner: node.owner, path: path, subtree: false, membership: false,
                                         context: context, now: clock.seconds())
            let growth = version.size - node.size
            try Self.requireSpace(tx, bytes: growth, owner: node.owner, defaultQuota: defaultQuota,
                                  for: "restoring this version of \(node.name)")
            let released = try VersionOps.keep(tx, node, replacedAt: now, limit: limit + 1)
            try tx.deleteVersion(id: version.id)
            node.blobID = version.blobID
            node.size = version.size
            node.mtime = version.mtime
            node.checksums = version.checksums
            node.etag = RandomToken.etag()
            try tx.update(node)
            try ShareOps.propagateToMounts(tx, sharedNode: node.id, hops: 0)
            try NamespaceOps.propagate(tx, from: node.parentID, sizeDelta: growth, mtime: nil)
            return (node, released)
        }
        await release(blobIDs: released)
        return node
    }
}
