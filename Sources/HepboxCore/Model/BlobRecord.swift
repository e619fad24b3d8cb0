/// What the metadata store knows of one immutable blob: its size, checksums, the per-block checksums reads
/// verify against, and which storage nodes hold a replica.
public struct BlobRecord: Sendable, Equatable {
    public var id: String
    public var size: Int64
    public var checksums: Checksums
    /// Bytes per verified block (the last block may be shorter).
    public var blockSize: Int
    /// ADLER32 of each block, in order.
    public var blockChecksums: [UInt32]
    /// Identities of the storage nodes holding a replica.
    public var replicas: [String]

    public init(id: String, size: Int64, checksums: Checksums, blockSize: Int, blockChecksums: [UInt32],
                replicas: [String]) {
        self.id = id
        self.size = size
        self.checksums = checksums
        self.blockSize = blockSize
        self.blockChecksums = blockChecksums
        self.replicas = replicas
    }
}
