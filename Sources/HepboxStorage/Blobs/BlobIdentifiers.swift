#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Identifiers of blobs and storage nodes, and replica placement.
///
/// A new blob id is 40 lowercase hex digits: the creation time in milliseconds (12 digits) and then 112 random bits.
/// The time prefix keeps the ids written together next to each other in every index keyed by blob id (the blob
/// table's key, the node and version indexes), so a group commit of uploads dirties one leaf page per index instead
/// of one per upload, and a large namespace inserts where its pages are already cached. The random tail keeps ids
/// unguessable and collision-free without coordination, and spreads shards and placement evenly.
/// Blobs written before this scheme have 32 random hex digits; they stay valid and keep their shard.
enum BlobIdentifiers {
    static let legacyLength = 32
    static let length = 40

    /// A new blob id (see above).
    static func new(now: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        var (high, low) = randomWords()
        high &= 0x00FF_FFFF_FFFF_FFFF // 14 hex digits each
        low &= 0x00FF_FFFF_FFFF_FFFF
        return hex(milliseconds, digits: 12) + hex(high, digits: 14) + hex(low, digits: 14)
    }

    /// 128 random bits as 32 lowercase hex digits (storage node identities, temporary names).
    static func random() -> String {
        let (high, low) = randomWords()
        return hex(high, digits: 16) + hex(low, digits: 16)
    }

    /// A blob id as written by `new()` or by the older scheme; anything else under `blobs/` is not ours.
    static func isValid(_ id: String) -> Bool {
        let count = id.utf8.count
        return (count == length || count == legacyLength)
            && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The directory shard of a blob: two hex digits of its random part (256 directories keep listings short).
    static func shard(of id: String) -> String {
        id.utf8.count == length ? String(id.suffix(2)) : String(id.prefix(2))
    }

    /// The order in which nodes are tried for a new blob: a ring starting at a position derived from the id's random
    /// part, so first replicas spread evenly over the nodes and the others follow on distinct ones.
    static func placementOrder(for id: String, nodeCount: Int) -> [Int] {
        guard nodeCount > 0 else { return [] }
        let randomPart = id.utf8.count == length ? id.suffix(8) : id.prefix(8)
        let start = Int(UInt64(randomPart, radix: 16) ?? 0) % nodeCount
        return (0..<nodeCount).map { (start + $0) % nodeCount }
    }

    /// Two random words from one call into the kernel's generator (this runs for every upload; the standard
    /// generator makes one `getrandom` call per word).
    private static func randomWords() -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        #if canImport(Glibc)
        withUnsafeMutableBytes(of: &words) { bytes in if let base = bytes.baseAddress { arc4random_buf(base, bytes.count) } }
        #else
        var generator = SystemRandomNumberGenerator()
        words = (generator.next(), generator.next())
        #endif
        return words
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ value: UInt64, digits: Int) -> String {
        String(unsafeUninitializedCapacity: digits) { buffer in
            var value = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                buffer[index] = hexDigits[Int(value & 0xF)]
                value >>= 4
            }
            return digits
        }
    }
}
