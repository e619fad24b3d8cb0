extension FileService {
    /// Stores a new content for the file at `path`: the bytes stream into a new blob (never held whole in memory),
    /// are checked and made durable, and only then one transaction points the file at them. A failure at any
    /// point leaves the old content.
    /// New files need the create right, replacing one the write right. Where the viewer may add but not see
    /// (an upload-only link), an existing name gets ` (2)`, ` (3)`… instead of replacing what they cannot see.
    public func upload<Body: AsyncSequence & Sendable>(
        _ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, body: Body, options: UploadOptions
    ) async throws -> UploadResult where Body.Element == [UInt8] {
        let location = try await locate(context.principal, owner: viewOwner, path: viewPath)
        let owner = location.owner
        let requestedPath = location.path
        let granted = policy.permissions(of: context.principal, at: location)
        if granted.isEmpty { throw HepboxError.notFound("/\(viewPath)") }
        let blind = !granted.contains(.read)
        let now = clock.seconds()
        // Early checks, so a client learns of a missing parent, a lock or a stale etag before sending gigabytes.
        let defaultQuota = settings.defaultQuota
        let (existing, quotaLimit, used, path): (Node?, Int64?, Int64, TreePath) = try await metadata.read { [clock, policy] tx in
            var path = requestedPath
            let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: path)
            if blind, try tx.child(of: parent.id, named: path.name) != nil, let folder = path.parent {
                path = try folder.appending(try ShareOps.uniqueName(tx, path.name, in: parent.id))
            }
            let node = try NamespaceOps.resolve(tx, owner: owner, path: path)
            try policy.require(node == nil ? .create : .write, of: context.principal, at: location)
            if node?.isFolder == true || node?.kind == .mount { throw HepboxError(.methodNotAllowed, "/\(viewPath) is a folder") }
            try options.conditions.check(node)
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: node == nil,
                                         context: context, now: clock.seconds())
            // Chunks in progress are charged when they are assembled into the user's tree.
            let limit = AccessPolicy.isUploadsOwner(owner) ? nil : (try tx.user(named: owner)?.quota ?? defaultQuota)
            return (node, limit, try NamespaceOps.root(tx, owner: owner).size, path)
        }
        if let expected = options.expectedLength, let quotaLimit {
            let growth = expected - (existing?.size ?? 0)
            if growth > 0 && used + growth > quotaLimit {
                throw HepboxError(.insufficientStorage, "the upload needs \(growth) bytes; \(max(0, quotaLimit - used)) are left in the quota of \(owner)")
            }
        }

        let writer = try await blobs.makeWriter()
        let record: BlobRecord
        do {
            for try await chunk in body { try await writer.append(chunk) }
            record = try await writer.finish()
        } catch {
            await writer.abort()
            throw error
        }
        if let expected = options.expectedLength, expected != record.size {
            await release(uncommitted: record)
            throw HepboxError.badRequest("the body has \(record.size) bytes, not the announced \(expected)")
        }
        if let claimed = options.checksum, !claimed.matches(record.checksums) {
            await release(uncommitted: record)
            throw HepboxError(.checksumMismatch, "the \(claimed.type) checksum \(claimed.value) does not match the received bytes")
        }

        let mtime = options.mtime ?? now
        let contentType = options.contentType ?? MimeTypes.guess(path.name)
        let keepVersions = settings.maxVersions > 0 && !AccessPolicy.isUploadsOwner(owner)
        let maxVersions = settings.maxVersions
        let outcome: (UploadResult, [String])
        do {
            outcome = try await metadata.write { [clock] tx in
                let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: path)
                let current = try tx.child(of: parent.id, named: path.name)
                if current?.isFolder == true || current?.kind == .mount {
                    throw HepboxError(.methodNotAllowed, "/\(path) is a folder")
                }
                if current != nil && !granted.contains(.write) {
                    throw HepboxError(.forbidden, "you may not change /\(viewPath)")
                }
                try options.conditions.check(current)
                try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: current == nil,
                                             context: context, now: clock.seconds())
                let growth = record.size - (current?.size ?? 0)
                if let quotaLimit, growth > 0, try NamespaceOps.root(tx, owner: owner).size + growth > quotaLimit {
                    throw HepboxError(.insufficientStorage, "the upload exceeds the quota of \(owner)")
                }
                try tx.insert(blob: record)
                let node: Node
                var released: [String] = []
                if let current, keepVersions {
                    released = try VersionOps.keep(tx, current, replacedAt: now, limit: maxVersions)
                } else if let blob = current?.blobID {
                    released = [blob]
                }
                if var updated = current {
                    updated.size = record.size
                    updated.mtime = mtime
                    updated.etag = RandomToken.etag()
                    updated.blobID = record.id
                    updated.checksums = record.checksums
                    updated.contentType = contentType
                    try tx.update(updated)
                    try ShareOps.propagateToMounts(tx, sharedNode: updated.id, hops: 0)
                    node = updated
                } else {
                    node = try tx.insert(NewNode(parentID: parent.id, owner: owner, name: path.name, kind: .file,
                                                 size: record.size, mtime: mtime, etag: RandomToken.etag(),
                                                 blobID: record.id, checksums: record.checksums,
                                                 contentType: contentType))
                }
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: growth, mtime: current == nil ? now : nil)
                // A file share's mount point answers with the etag its recipient lists.
                if let mount = location.mount, let fresh = try tx.node(id: mount.id) {
                    return (UploadResult(node: ShareOps.present(node, as: fresh), created: false), released)
                }
                return (UploadResult(node: node, created: current == nil), released)
            }
        } catch {
            await release(uncommitted: record)
            throw error
        }
        // The writer holds a lock on its files until it is released: keep it until the commit is done so a
        // concurrent fsck never sees the new blob unlocked and unrecorded.
        withExtendedLifetime(writer) {}
        await release(blobIDs: outcome.1)
        return outcome.0
    }

    /// The quota in bytes of a user (own setting or the default), nil when unlimited.
    func quotaLimit(owner: String) async throws -> Int64? {
        // Chunks in progress are charged when they are assembled into the user's tree.
        if AccessPolicy.isUploadsOwner(owner) { return nil }
        let user = try await metadata.read { try $0.user(named: owner) }
        return user?.quota ?? settings.defaultQuota
    }

    /// Drops a blob that was written but never committed.
    func release(uncommitted record: BlobRecord) async {
        try? await blobs.delete(record)
    }
}
