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
        // Namespace: parents, folder sizes, file → blob record.
        let (nodes, records, versionBlobs, accounts) = try await metadata.read { tx in
            let nodes = try tx.allNodes()
            var versionBlobs: [String] = []
            for node in nodes where node.kind == .file {
                versionBlobs += try tx.versions(of: node.id).compactMap(\.blobID)
            }
            return (nodes, try tx.allBlobs(), versionBlobs, Set(try tx.allUsers().map(\.name)))
        }
        let abandoned = nodes.filter { $0.parentID == nil && !accounts.contains(AccessPolicy.account(ofTree: $0.owner)) }
        for root in abandoned {
            report.namespaceProblems.append("the tree \(root.owner) (\(root.size) bytes) belongs to no account")
        }
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        // By id: a search of the record list per file made fsck quadratic (hours for a million files).
        let recordsByID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var childSizes: [NodeID: Int64] = [:]
        var danglingNodes: [Node] = []
        for node in nodes {
            if let parent = node.parentID {
                if let p = byID[parent], p.isFolder {
                    childSizes[parent, default: 0] += node.size
                } else {
                    report.namespaceProblems.append("node \(node.id) (\(node.name)) has no parent folder \(parent)")
                    danglingNodes.append(node)
                }
            }
            if node.kind == .file, let blob = node.blobID {
                if let record = recordsByID[blob] {
                    if record.size != node.size {
                        report.namespaceProblems.append("file \(node.id) (\(node.name)) has size \(node.size) but its blob has \(record.size)")
                    }
                } else {
                    report.namespaceProblems.append("file \(node.id) (\(node.name)) points at the unknown blob \(blob)")
                }
            }
        }
        var wrongSizes: [(NodeID, Int64)] = []
        for node in nodes where node.isFolder {
            let expected = childSizes[node.id] ?? 0
            if expected != node.size {
                report.namespaceProblems.append("folder \(node.id) (\(node.name.isEmpty ? "root of \(node.owner)" : node.name)) has size \(node.size), its members add up to \(expected)")
                wrongSizes.append((node.id, expected))
            }
        }
        let referenced = Set(nodes.compactMap(\.blobID)).union(versionBlobs)
        let unreferenced = records.filter { !referenced.contains($0.id) }
        for record in unreferenced {
            report.namespaceProblems.append("blob \(record.id) is recorded but no file uses it")
        }

        // Replicas of the referenced blobs; files of unreferenced ones count as orphans.
        let live = records.filter { referenced.contains($0.id) }
        let metadata = self.metadata
        report.blobs = try await blobs.check(live, repair: repair, stillUnrecorded: { id in
            try await metadata.read { try $0.blob(id: id) == nil }
        })

        guard repair else { return report }
        let toStore = report.blobs.updatedRecords
        let (sizeFixes, dangling) = (wrongSizes, danglingNodes)
        let (fixes, unused): ([String], [BlobRecord]) = try await metadata.write { tx in
            var done: [String] = []
            var unused: [BlobRecord] = []
            for record in toStore { try tx.update(blob: record) }
            for (id, size) in sizeFixes {
                if var node = try tx.node(id: id) {
                    node.size = size
                    node.etag = RandomToken.etag()
                    try tx.update(node)
                    done.append("folder \(id): size set to \(size)")
                }
            }
            for node in dangling where try tx.node(id: node.id) != nil {
                try tx.deleteNode(id: node.id)
                done.append("node \(node.id) without a parent removed")
            }
            for record in unreferenced where try tx.referenceCount(blobID: record.id) == 0 {
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
        for record in unreferenced + unused { try? await blobs.delete(record) }
        return report
    }
}
