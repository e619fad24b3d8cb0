extension FileService {
    /// Stores a new content for the file at `path`: the bytes stream into a new blob (never held whole in memory),
    /// are checked and made durable, and only then one transaction points the file at them. A failure at any
    /// point leaves the old content.
    public func upload<Body: AsyncSequence & Sendable>(
        _ context: OperationContext, owner: String, path: TreePath, body: Body, options: UploadOptions
    ) async throws -> UploadResult where Body.Element == [UInt8] {
        try policy.require([.write, .create], of: context.principal, inTreeOf: owner, at: path)
        let now = clock.seconds()
        // Early checks, so a client learns of a missing parent, a lock or a stale etag before sending gigabytes.
        let defaultQuota = settings.defaultQuota
        let uploadsTree = AccessPolicy.isUploadsOwner(owner)
        let early = try await metadata.read { [clock] tx -> (Node?, Int64?, Int64, NodeID, Bool) in
            let parent = try NamespaceOps.parentFolder(tx, owner: owner, of: path)
            let node = try NamespaceOps.resolve(tx, owner: owner, path: path)
            if node?.isFolder == true { throw HepboxError(.methodNotAllowed, "/\(path) is a folder") }
            try options.conditions.check(node)
            try LockRules.assertUnlocked(tx, owner: owner, path: path, subtree: false, membership: node == nil,
                                         context: context, now: clock.seconds())
            // Chunks in progress are charged when they are assembled into the user's tree.
            let limit = uploadsTree ? nil : (try tx.user(named: owner)?.quota ?? defaultQuota)
            // An upload folder with no chunk yet may start an assembly (FileService+Chunked).
            let folderIsEmpty = uploadsTree && node == nil ? try tx.children(of: parent.id).isEmpty : false
            return (node, limit, try NamespaceOps.root(tx, owner: owner).size, parent.id, folderIsEmpty)
        }
        let (existing, quotaLimit, used, folderID, folderIsEmpty) = early
        if let expected = options.expectedLength, let quotaLimit {
            let growth = expected - (existing?.size ?? 0)
            if growth > 0 && used + growth > quotaLimit {
                throw HepboxError(.insufficientStorage, "the upload needs \(growth) bytes; \(max(0, quotaLimit - used)) are left in the quota of \(owner)")
            }
        }

        let writer = try await blobs.makeWriter()
        var tap: ChunkTap?
        if uploadsTree {
            tap = await assemblyTap(owner: owner, folder: folderID, chunk: path.name, folderIsEmpty: folderIsEmpty)
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
            let result = try await commit(context, owner: owner, path: path, record: record, options: options,
                                          quotaLimit: quotaLimit, now: now)
            withExtendedLifetime(writer) {}
            await tap?.complete(blobID: record.id)
            return result
        } catch {
            await tap?.fail()
            throw error
        }
    }

    /// Checks a finished (durable, unreferenced) blob against the request and points the file at it in one
    /// transaction; on any failure the blob is dropped and the old content stays.
    func commit(_ context: OperationContext, owner: String, path: TreePath, record: BlobRecord, options: UploadOptions,
                quotaLimit: Int64?, now: Int64) async throws -> UploadResult {
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
                if current?.isFolder == true { throw HepboxError(.methodNotAllowed, "/\(path) is a folder") }
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
                    node = updated
                } else {
                    node = try tx.insert(NewNode(parentID: parent.id, owner: owner, name: path.name, kind: .file,
                                                 size: record.size, mtime: mtime, etag: RandomToken.etag(),
                                                 blobID: record.id, checksums: record.checksums,
                                                 contentType: contentType))
                }
                try NamespaceOps.propagate(tx, from: parent.id, sizeDelta: growth, mtime: current == nil ? now : nil)
                return (UploadResult(node: node, created: current == nil), released)
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
