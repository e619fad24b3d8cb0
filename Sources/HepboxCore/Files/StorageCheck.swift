/// `hepbox admin fsck`: checks the namespace against itself and the blob records against the replicas on the
/// storage nodes; with `repair`, fixes what can be fixed (folder sizes, replica counts, orphans, and the trees that
/// deleted accounts left: deleting an account keeps its files until this repair).
public struct StorageCheck: Sendable {
    let metadata: any MetadataStore
    let blobs: any BlobStore

    public init(metadata: any MetadataStore, blobs: any BlobStore) {
        self.metadata = metadata
        self.blobs = blobs
    }

    public struct Report: Sendable {
        public var namespaceProblems: [String] = []
        public var namespaceRepairs: [String] = []
        public var blobs = BlobCheckReport()
        public var isClean: Bool { namespaceProblems.isEmpty && blobs.problems.isEmpty }
    }

    public func run(repair: Bool) async throws -> Report {
        var report = Report()
        let scan = try await metadata.read { tx in try NamespaceScan(tx) }
        report.namespaceProblems = scan.problems

        // Blob records page by page, each page read with its references: unreferenced records are problems of
        // their own, the replicas of the others are checked.
        let metadata = self.metadata
        var unreferenced: [BlobRecord] = []
        var after = ""
        while true {
            let (page, counts) = try await metadata.read { [after] tx in
                let page = try tx.blobs(after: after, limit: NamespaceScan.pageSize)
                return (page, try page.map { try tx.referenceCount(blobID: $0.id) })
            }
            guard let last = page.last else { break }
            after = last.id
            var live: [BlobRecord] = []
            for (record, count) in zip(page, counts) {
                if count > 0 {
                    live.append(record)
                } else {
                    report.namespaceProblems.append("blob \(record.id) is recorded but no file uses it")
                    unreferenced.append(record)
                }
            }
            report.blobs.merge(try await blobs.checkReplicas(of: live, repair: repair))
        }
        // A replica file that no file or version refers to is an orphan, recorded or not; one that a file refers to
        // stays even without its record (reported above): it is that file's content.
        report.blobs.merge(try await blobs.sweepOrphans(repair: repair, recorded: { ids in
            try await metadata.read { tx in Set(try ids.filter { try tx.referenceCount(blobID: $0) > 0 }) }
        }))

        guard repair else { return report }
        let toStore = report.blobs.updatedRecords
        let (sizeFixes, dangling, abandoned, unusedRecords) = (scan.wrongSizes, scan.dangling, scan.abandoned, unreferenced)
        let (fixes, unused): ([String], [BlobRecord]) = try await metadata.write { tx in
            var done: [String] = []
            var unused: [BlobRecord] = []
            for record in toStore { try tx.update(blob: record) }
            done += try Self.recomputeSizes(tx, of: sizeFixes)
            for id in dangling where try tx.node(id: id) != nil {
                try tx.deleteNode(id: id)
                done.append("node \(id) without a parent removed")
            }
            for record in unusedRecords where try tx.referenceCount(blobID: record.id) == 0 {
                try tx.deleteBlob(id: record.id)
                done.append("unused blob record \(record.id) removed")
            }
            for root in abandoned where try tx.node(id: root.id) != nil {
                for id in Set(try NamespaceOps.removeSubtree(tx, root)) where try tx.referenceCount(blobID: id) == 0 {
                    if let record = try tx.blob(id: id) { unused.append(record) }
                    try tx.deleteBlob(id: id)
                }
                done.append("the tree \(root.owner) of a deleted account removed")
            }
            return (done, unused)
        }
        report.namespaceRepairs = fixes
        for record in unusedRecords + unused { try? await blobs.delete(record) }
        return report
    }

    /// Sets each folder's size, and then each of its ancestors', to what its members add up to now, deepest first:
    /// an ancestor may have looked wrong only because of a member fixed here, or right only because of it.
    private static func recomputeSizes(_ tx: any MetadataWriting, of folders: [NodeID]) throws -> [String] {
        var depths: [NodeID: Int] = [:]
        for folder in folders {
            var chain: [NodeID] = []
            var current: NodeID? = folder
            while let id = current, !chain.contains(id), let node = try tx.node(id: id) {
                chain.append(id)
                current = node.parentID
            }
            for (index, id) in chain.enumerated() { depths[id] = max(depths[id] ?? 0, chain.count - 1 - index) }
        }
        var done: [String] = []
        for (id, _) in depths.sorted(by: { $0.value > $1.value }) {
            guard var node = try tx.node(id: id), node.isFolder else { continue }
            let size = try tx.sizeOfChildren(of: id)
            if size == node.size { continue }
            node.size = size
            node.etag = RandomToken.etag()
            try tx.update(node)
            done.append("folder \(id): size set to \(size)")
        }
        return done
    }
}
