import HepboxCore

/// Recently verified blocks that range reads used only part of, so the next ranges in the same block skip the
/// read and the checksum of the whole block.
///
/// A block is the unit of verification (1 MiB by default), and range reads are mostly much smaller: uproot and
/// `hepbox analyze` read a ROOT file's baskets (a few KiB to a few hundred) with many ranges, often in one
/// multi-range request, and without this every range read and summed its whole block again. Blobs are immutable
/// and their ids never reused, so a cached block is always the blob's content; it is served even if a replica is
/// damaged after it was read (fsck and every uncached read still check the replicas). Full-block reads (whole
/// downloads) look blocks up but do not add them: a big download does not push out what range readers use.
/// A block is kept the second time a range needs it, not the first: ranges scattered over a large file (each
/// block read once) would only churn memory, while readers that walk a file or send many ranges at once come back
/// to their blocks at once. Memory is bounded by `capacity` bytes; the oldest blocks go first.
final class VerifiedBlockCache: Sendable {
    struct Key: Hashable, Sendable {
        let blobID: String
        let index: Int
    }

    private struct State {
        var blocks: [Key: [UInt8]] = [:]
        /// Insertion order; entries before `head` are gone.
        var order: [Key] = []
        var head = 0
        var bytes = 0
        /// Blocks offered once and not kept yet (the most recent `doorkeeperSize`).
        var seen: Set<Key> = []
        var seenOrder: [Key] = []
    }

    /// How many once-offered blocks are remembered.
    static let doorkeeperSize = 256

    let capacity: Int
    private let state = Mutex(State())

    /// 16 MiB: enough blocks for the ranges of several readers at once, little next to the server's memory budget.
    static let defaultCapacity = 16 << 20

    init(capacity: Int = VerifiedBlockCache.defaultCapacity) { self.capacity = capacity }

    func block(_ key: Key) -> [UInt8]? { state.withLock { $0.blocks[key] } }

    /// Keeps a block that a range used part of, if it was offered before (see above).
    func offer(_ key: Key, _ bytes: [UInt8]) {
        let secondTime: Bool = state.withLock { state in
            if state.seen.remove(key) != nil { return true }
            state.seen.insert(key)
            state.seenOrder.append(key)
            if state.seenOrder.count > 2 * Self.doorkeeperSize {
                // Forget the older half (some of them may be gone from `seen` already).
                for old in state.seenOrder.prefix(Self.doorkeeperSize) { state.seen.remove(old) }
                state.seenOrder.removeFirst(Self.doorkeeperSize)
            }
            return false
        }
        if secondTime { insert(key, bytes) }
    }

    func insert(_ key: Key, _ bytes: [UInt8]) {
        guard bytes.count <= capacity / 4 else { return }
        state.withLock { state in
            guard state.blocks[key] == nil else { return }
            state.blocks[key] = bytes
            state.order.append(key)
            state.bytes += bytes.count
            while state.bytes > capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let dropped = state.blocks.removeValue(forKey: oldest) { state.bytes -= dropped.count }
            }
            if state.head > 64 && state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// Blocks and bytes held (tests).
    var usage: (blocks: Int, bytes: Int) { state.withLock { ($0.blocks.count, $0.bytes) } }
}
