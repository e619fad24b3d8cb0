/// Version bookkeeping inside a metadata transaction.
enum VersionOps {
    /// Keeps the current content of `node` as a version and drops the oldest beyond `limit`; returns the blobs
    /// of dropped versions (to release after the commit).
    static func keep(_ tx: any MetadataWriting, _ node: Node, replacedAt: Int64, limit: Int) throws -> [String] {
        _ = try tx.insert(version: FileVersion(id: 0, nodeID: node.id, blobID: node.blobID, size: node.size,
                                               mtime: node.mtime, etag: node.etag, checksums: node.checksums,
                                               replacedAt: replacedAt))
        var released: [String] = []
        for old in try tx.versions(of: node.id).dropFirst(limit) {
            try tx.deleteVersion(id: old.id)
            if let blob = old.blobID { released.append(blob) }
        }
        return released
    }
}
