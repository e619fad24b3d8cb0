/// An earlier content of a file, kept when the file was overwritten (newest first in listings).
public struct FileVersion: Sendable, Equatable {
    public var id: Int64
    public var nodeID: NodeID
    public var blobID: String?
    public var size: Int64
    public var mtime: Int64
    public var etag: String
    public var checksums: Checksums?
    /// When this content stopped being the current one.
    public var replacedAt: Int64

    public init(id: Int64, nodeID: NodeID, blobID: String?, size: Int64, mtime: Int64, etag: String,
                checksums: Checksums?, replacedAt: Int64) {
        self.id = id
        self.nodeID = nodeID
        self.blobID = blobID
        self.size = size
        self.mtime = mtime
        self.etag = etag
        self.checksums = checksums
        self.replacedAt = replacedAt
    }
}
