import Foundation
import RootIO

/// Columns of one tree, loaded on first use and kept in memory within a byte budget
/// (least recently used columns are dropped first). Read once, analyse many times.
/// Thread-safe: queries may run concurrently; a column is read by one of them.
public final class Dataset: @unchecked Sendable {
    public let source: any ColumnSource
    public var entryCount: Int { source.entryCount }
    public var columnNames: [String] { source.columnNames }
    public let byteBudget: Int

    private struct Entry { var buffer: ColumnBuffer; var lastUse: UInt64 }
    private let lock = NSLock()  // guards everything below
    private var cache: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private var bytesCached = 0
    /// Jagged branches of one collection (`Jet_pt`, `Jet_eta`, …) have identical offsets: the cache
    /// keeps one shared copy per distinct offsets array, with the number of cached columns using it.
    private struct OffsetsKey: Hashable { let count: Int; let last: Int64 }
    private var sharedOffsets: [OffsetsKey: [(offsets: [Int64], users: Int)]] = [:]
    private var readCount = 0
    private var bytesRead = 0
    private let nameSet: Set<String>

    /// Columns read from the source at the same time.
    public let readConcurrency: Int

    /// - Parameters:
    ///   - byteBudget: memory the cached columns may use (default 4 GiB).
    ///   - readConcurrency: columns read at once (1 = one core).
    public init(source: any ColumnSource, byteBudget: Int = 4 << 30,
                readConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.source = source
        self.byteBudget = byteBudget
        self.readConcurrency = max(readConcurrency, 1)
        self.nameSet = Set(source.columnNames)
    }

    public func hasColumn(_ name: String) -> Bool { nameSet.contains(name) }

    /// Bytes of the columns currently cached.
    public var memoryUsed: Int { lock.withLock { bytesCached } }
    /// Names currently cached, most recently used first.
    public var cachedColumns: [String] {
        lock.withLock { cache.sorted { $0.value.lastUse > $1.value.lastUse }.map(\.key) }
    }
    /// How many column reads went to the source, and their bytes (in memory form).
    public var sourceReads: (columns: Int, bytes: Int) { lock.withLock { (readCount, bytesRead) } }

    public func column(_ name: String) throws -> ColumnBuffer {
        guard let c = try columns([name])[name] else { throw ColumnarError.source("no column '\(name)'") }
        return c
    }

    /// The named columns, reading the missing ones from the source in parallel. The cache is then
    /// trimmed to the budget (least recently used first); returned buffers stay valid regardless.
    public func columns(_ names: [String]) throws -> [String: ColumnBuffer] {
        for name in names where !nameSet.contains(name) {
            throw ColumnarError.source("the tree has no branch '\(name)'")
        }
        var result: [String: ColumnBuffer] = [:]
        var missing: [String] = []
        lock.withLock {
            for name in Set(names) {
                if var entry = cache[name] {
                    clock += 1
                    entry.lastUse = clock
                    cache[name] = entry
                    result[name] = entry.buffer
                } else {
                    missing.append(name)
                }
            }
        }
        if !missing.isEmpty {
            missing.sort()
            // Offsets already cached (and those of the columns read now) are handed back, not rebuilt.
            let hints = OffsetsHints(lock.withLock { sharedOffsets.values.flatMap { $0.map(\.offsets) } })
            let loaded = try Self.readInParallel(missing, from: source, concurrency: readConcurrency, hints: hints)
            for (name, buffer) in zip(missing, loaded) {
                guard buffer.entryCount == entryCount else {
                    throw ColumnarError.source("branch '\(name)' has \(buffer.entryCount) entries, the tree \(entryCount)")
                }
                result[name] = buffer
            }
            lock.withLock {
                for (name, loadedBuffer) in zip(missing, loaded) where cache[name] == nil {
                    clock += 1
                    var buffer = loadedBuffer
                    bytesCached += buffer.data.count * buffer.data.elementSize
                    if let offsets = buffer.offsets { buffer.offsets = shareOffsetsLocked(offsets) }
                    cache[name] = Entry(buffer: buffer, lastUse: clock)
                    result[name] = buffer  // hand out the shared offsets too
                    readCount += 1
                    bytesRead += loadedBuffer.byteCount
                }
                trimLocked()
            }
        }
        return result
    }

    /// Drop every cached column.
    public func clearCache() {
        lock.withLock {
            cache.removeAll()
            sharedOffsets.removeAll()
            bytesCached = 0
        }
    }

    private func trimLocked() {
        while bytesCached > byteBudget, let victim = cache.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            let buffer = victim.value.buffer
            bytesCached -= buffer.data.count * buffer.data.elementSize
            if let offsets = buffer.offsets { releaseOffsetsLocked(offsets) }
            cache.removeValue(forKey: victim.key)
        }
    }

    /// The pooled copy of equal offsets (sharing its storage), counted once in the memory used.
    private func shareOffsetsLocked(_ offsets: [Int64]) -> [Int64] {
        let key = OffsetsKey(count: offsets.count, last: offsets.last ?? 0)
        var candidates = sharedOffsets[key] ?? []
        if let i = candidates.firstIndex(where: { Self.sameValues($0.offsets, offsets) }) {
            candidates[i].users += 1
            sharedOffsets[key] = candidates
            return candidates[i].offsets
        }
        candidates.append((offsets, 1))
        sharedOffsets[key] = candidates
        bytesCached += offsets.count * 8
        return offsets
    }

    private func releaseOffsetsLocked(_ offsets: [Int64]) {
        let key = OffsetsKey(count: offsets.count, last: offsets.last ?? 0)
        guard var candidates = sharedOffsets[key], let i = candidates.firstIndex(where: { Self.sameValues($0.offsets, offsets) }) else { return }
        candidates[i].users -= 1
        if candidates[i].users == 0 {
            bytesCached -= offsets.count * 8
            candidates.remove(at: i)
        }
        sharedOffsets[key] = candidates.isEmpty ? nil : candidates
    }

    /// Equal offsets arrays, compared as bytes (memcmp is several times faster than element-wise ==).
    private static func sameValues(_ a: [Int64], _ b: [Int64]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress, x != y else { return true }
                return memcmp(x, y, pa.count) == 0
            }
        }
    }

    private static func readInParallel(_ names: [String], from source: any ColumnSource, concurrency: Int,
                                       hints: OffsetsHints) throws -> [ColumnBuffer] {
        let results = ResultSlots<ColumnBuffer>(count: names.count)
        let counter = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: min(concurrency, names.count)) { _ in
            while let i = counter.next(below: names.count) {
                results.set(i, Result { try source.readColumn(names[i], offsetsHints: hints) })
            }
        }
        return try results.values()
    }
}

/// Per-index result slots written from concurrent iterations (each index written once).
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Result<T, any Error>) { lock.withLock { slots[i] = value } }

    /// All values in index order; the first error (by index) is rethrown.
    func values() throws -> [T] {
        try lock.withLock {
            try slots.enumerated().map { i, slot in
                guard let slot else { throw ColumnarError.source("internal: partition \(i) produced no result") }
                return try slot.get()
            }
        }
    }
}
