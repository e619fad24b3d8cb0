/// Where an upload goes, checked before any byte is read: the located path (through mount points), the rights
/// there, what exists, and the owner's quota.
struct UploadTarget: Sendable {
    var location: Location
    /// The path in the owner's tree (may differ from the location's when an upload-only link renames a clash).
    var path: TreePath
    var granted: Permissions
    var existing: Node?
    var quotaLimit: Int64?
    var used: Int64
    var folderID: NodeID
    var folderIsEmpty: Bool
    var owner: String { location.owner }
}

extension FileService {
    /// Stores a new content for the file at `path`: the bytes stream into a new blob (never held whole in memory),
    /// are checked and made durable, and only then one transaction points the file at them. A failure at any
    /// point leaves the old content. New files need the create right, replacing one the write right; where the
    /// viewer may add but not see (an upload-only link), an existing name gets ` (2)`, ` (3)`… instead.
    public func upload<Body: AsyncSequence & Sendable>(
        _ context: OperationContext, owner viewOwner: String, path viewPath: TreePath, body: Body, options: UploadOptions
    ) async throws -> UploadResult where Body.Element == [UInt8] {
        let now = clock.seconds()
        let target = try await uploadTarget(context, owner: viewOwner, path: viewPath, options: options)
        let uploadsTree = AccessPolicy.isUploadsOwner(target.owner)
        // A chunk's own SHA1 and MD5 are never used (the file's are computed over all chunks, by the assembly or
        // the copy at the MOVE): it gets its block checksums only, unless its client sent a checksum to verify.
        // On 2 cores that halves the hashing of a chunked upload.
        let writer = try await blobs.makeWriter(fileChecksums: !uploadsTree || options.checksum != nil)
        var tap: ChunkTap?
        if uploadsTree {
            tap = await assemblyTap(owner: target.owner, folder: target.folderID, chunk: target.path.name,
                                    folderIsEmpty: target.folderIsEmpty)
        }
        let record: BlobRecord
        var synced: Task<Void, Never>?
        do {
            for try await chunk in body {
                try await writer.append(chunk)
                await tap?.append(chunk)
            }
            // The assembly's write-back runs while the chunk itself is made durable.
            synced = tap.map { tap in Task { await tap.sync() } }
            record = try await writer.finish()
            await synced?.value
        } catch {
            await synced?.value  // the tap is used by one task at a time
            await writer.abort()
            await tap?.fail()
            throw error
        }
        do {
            let result = try await commit(context, target: target, record: record, options: options, now: now)
            withExtendedLifetime(writer) {}
            await tap?.complete(blobID: record.id)
            return result
        } catch {
            await tap?.fail()
            throw error
        }
    }

    /// Early checks, so a client learns of a missing parent, a missing right, a lock, a stale etag or a full
    /// quota before sending gigabytes.
    func uploadTarget(_ context: OperationContext, owner viewOwner: String, path viewPath: TreePath,
                      options: UploadOptions) async throws -> UploadTarget {
        let defaultQuota = settings.defaultQuota
        let now = clock.seconds()
        // One snapshot for the whole check: where the path is, the rights there, the parent, locks and quota.
        let target: UploadTarget = try await metadata.read { [clock, policy] tx in
            let location = try Self.locate(tx, context.principal, owner: viewOwner, path: viewPath, now: now)
            let owner = location.owner
            let granted = policy.permissions(of: context.principal, at: location)
            if granted.isEmpty { throw HepboxError.notFound("/\(viewPath)") }
            let blind = !granted.contains(.read)
            let uploadsTree = AccessPolicy.isUploadsOwner(owner)
            var path = location.path
            let parent = try location.walkedParent ?? NamespaceOps.parentFolder(tx, owner: owner, of: path)
            if blind, try tx.child(of: parent.id, named: path.name) != nil, let folder = path.parent {
                path = try folder.appending(try ShareOps.uniqueName(tx, path.name, in: parent.id))
            }
            let node = try (path == location.path ? location.walked : nil) ?? NamespaceOps.resolve(tx, owner: owner, path: path)
            try policy.require(node == nil ? .create : .write, of: context.principal, at: location)
            if node?.isFolder == true || node?.kind == .mount { throw HepboxError(.methodNotAllowed, "/\(viewPath) is a folder") }
            try options.conditions.check(node)
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: node == nil,
                                         context: context, now: clock.seconds())
            // Chunks in progress are charged when they are assembled into the user's tree.
            let limit = uploadsTree ? nil : (try tx.user(named: owner)?.quota ?? defaultQuota)
            // An upload folder with no chunk yet may start an assembly (FileService+Chunked).
            let folderIsEmpty = uploadsTree && node == nil ? try tx.children(of: parent.id).isEmpty : false
            return UploadTarget(location: location, path: path, granted: granted, existing: node, quotaLimit: limit,
                                used: try (location.walkedRoot ?? NamespaceOps.root(tx, owner: owner)).size, folderID: parent.id,
                                folderIsEmpty: folderIsEmpty)
        }
        if let expected = options.expectedLength, let quotaLimit = target.quotaLimit {
            let growth = expected - (target.existing?.size ?? 0)
            if growth > 0 && target.used + growth > quotaLimit {
                throw HepboxError(.insufficientStorage, "the upload needs \(growth) bytes; \(max(0, quotaLimit - target.used)) are left in the quota of \(target.owner)")
            }
        }
        return target
    }

    /// Checks a finished (durable, unreferenced) blob against the request and points the file at it in one
    /// transaction; on any failure the blob is dropped and the old content stays.
    func commit(_ context: OperationContext, target: UploadTarget, record: BlobRecord, options: UploadOptions,
                now: Int64) async throws -> UploadResult {
        if let expected = options.expectedLength, expected != record.size {
            await release(uncommitted: record)
            throw HepboxError.badRequest("the body has \(record.size) bytes, not the announced \(expected)")
        }
        if let claimed = options.checksum, !claimed.matches(record.checksums) {
            await release(uncommitted: record)
            throw HepboxError(.checksumMismatch, "the \(claimed.type) checksum \(claimed.value) does not match the received bytes")
        }
        let (owner, path, location, granted, quotaLimit) = (target.owner, target.path, target.location, target.granted, target.quotaLimit)
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
                    throw HepboxError(.forbidden, "you may not change /\(location.viewPath)")
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
                    return (UploadResult(node: ShareOps.present(node, as: fresh), created: false, permissions: granted),
                            released)
                }
                return (UploadResult(node: node, created: current == nil, permissions: granted), released)
            }
        } catch {
            await release(uncommitted: record)
            throw error
        }
        // The caller keeps the writer (which holds a lock on its files until it is released) alive until the
        // commit is done, so a concurrent fsck never sees the new blob unlocked and unrecorded.
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
