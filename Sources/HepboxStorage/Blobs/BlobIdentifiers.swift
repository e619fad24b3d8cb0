/// Random identifiers of blobs and storage nodes, and replica placement.
enum BlobIdentifiers {
    /// 128 random bits as 32 lowercase hex digits: unguessable and collision-free without coordination.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A blob id as written by `random()`; anything else found under `blobs/` is not ours to interpret.
    static func isValid(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The directory shard of a blob: its first two hex digits (256 directories keep listings short).
    static func shard(of id: String) -> String { String(id.prefix(2)) }

    /// The order in which nodes are tried for a new blob: a ring starting at a position derived from the id.
    /// Ids are random, so first replicas spread evenly over the nodes and the others follow on distinct ones.
    static func placementOrder(for id: String, nodeCount: Int) -> [Int] {
        guard nodeCount > 0 else { return [] }
        let start = Int(UInt64(id.prefix(8), radix: 16) ?? 0) % nodeCount
        return (0..<nodeCount).map { (start + $0) % nodeCount }
    }
}
