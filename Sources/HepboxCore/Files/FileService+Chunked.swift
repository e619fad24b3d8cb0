extension FileService {
    /// Assembles the chunks in an upload folder (names sorted numerically: chunk indexes or byte offsets) into the
    /// file at `destination`, streaming them one after the other into a new blob, then removes the upload folder.
    public func assemble(_ context: OperationContext, uploadsOwner: String, folder: TreePath, owner: String,
                         destination: TreePath, options: UploadOptions) async throws -> UploadResult {
        let (folderNode, entries) = try await listing(context.principal, owner: uploadsOwner, path: folder)
        let chunks = try entries.filter { $0.kind == .file }.compactMap { node -> (UInt64, Node)? in
            guard let key = UInt64(node.name) else {
                if node.name == ".file" { return nil }
                throw HepboxError.badRequest("the upload folder holds \(node.name), which is not a chunk number")
            }
            return (key, node)
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let total = chunks.reduce(Int64(0)) { $0 + $1.size }
        if let expected = options.expectedLength, expected != total {
            throw HepboxError.badRequest("the chunks hold \(total) bytes, not the announced \(expected)")
        }
        let key = ChunkAssemblies.Key(owner: uploadsOwner, folder: folderNode.id)
        var assembled = await assemblies.finish(key, chunkBlobIDs: chunks.compactMap(\.blobID))
        if case let (record, _)? = assembled, record.size != total {  // cannot happen; never commit a wrong blob
            await release(uncommitted: record)
            assembled = nil
        }
        let result: UploadResult
        if case let (record, writer)? = assembled {
            // The chunks were assembled as they arrived: commit the finished blob, no copy and no re-hash. The
            // destination is located and checked like any upload's (shares, rights, the owner's quota).
            let target: UploadTarget
            do {
                target = try await uploadTarget(context, owner: owner, path: destination, options: options)
            } catch {
                await release(uncommitted: record)
                throw error
            }
            result = try await commit(context, target: target, record: record, options: options, now: clock.seconds())
            withExtendedLifetime(writer) {}
        } else {
            let body = ChunkConcatenation(files: self, chunks: chunks)
            result = try await upload(context, owner: owner, path: destination, body: body, options: options)
        }
        try? await delete(context, owner: uploadsOwner, path: folder)
        return result
    }

    /// A feed into the assembly of the upload folder `folder` for the chunk named `chunk` (nil when the name is
    /// not a chunk number or the chunk cannot extend an assembly).
    func assemblyTap(owner: String, folder: NodeID, chunk: String, folderIsEmpty: Bool) async -> ChunkTap? {
        guard let number = UInt64(chunk) else { return nil }
        return await assemblies.tap(.init(owner: owner, folder: folder), number: number, folderIsEmpty: folderIsEmpty,
                                    blobs: blobs)
    }

    /// Removes upload folders untouched for `maxAge` seconds (clients resume within a day; Nextcloud keeps 24 h).
    public func expireUploads(maxAge: Int64) async throws -> Int {
        let cutoff = clock.seconds() - maxAge
        let stale: [(String, String)] = try await metadata.read { tx in
            var out: [(String, String)] = []
            // Each user's uploads root by its key (reading the whole namespace hourly would hold it all in memory).
            for user in try tx.allUsers() {
                guard let root = try tx.rootNode(owner: AccessPolicy.uploadsOwner(of: user.name)) else { continue }
                for folder in try tx.children(of: root.id) where folder.mtime < cutoff {
                    let latest = try tx.children(of: folder.id).map(\.mtime).max() ?? folder.mtime
                    if latest < cutoff { out.append((root.owner, folder.name)) }
                }
            }
            return out
        }
        await assemblies.expire()
        for (owner, name) in stale {
            let system = OperationContext(principal: Principal(name: AccessPolicy.account(ofTree: owner)))
            try? await delete(system, owner: owner, path: try TreePath(components: [name]))
        }
        return stale.count
    }
}

/// The bytes of several files in order, read lazily (one verified block at a time) so assembly never holds a
/// whole file in memory.
struct ChunkConcatenation: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let files: FileService
    let chunks: [Node]

    struct AsyncIterator: AsyncIteratorProtocol {
        let files: FileService
        var remaining: ArraySlice<Node>
        var current: BlobReadStream.AsyncIterator?

        mutating func next() async throws -> [UInt8]? {
            while true {
                if var iterator = current {
                    if let chunk = try await iterator.next() {
                        current = iterator
                        return chunk
                    }
                    current = nil
                }
                guard let node = remaining.popFirst() else { return nil }
                current = try await files.content(of: node).makeAsyncIterator()
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(files: files, remaining: chunks[...], current: nil) }
}
