import Foundation

/// Memory for one decompressed basket, owned by the object (its address stays valid while any
/// thread decompresses into it).
final class ScratchBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) { bytes = .allocate(byteCount: Swift.max(count, 1), alignment: 16) }
    deinit { bytes.deallocate() }
}

/// Buffers for decompressed baskets, kept by a file between reads: a read borrows one per basket
/// in flight and gives it back, so its pages stay mapped instead of being zero-filled by the
/// kernel for every basket (that page-fault work cost as much as LZ4 decompression).
final class ScratchPool: Sendable {
    private let free = Locked<[ScratchBuffer]>([])
    /// Buffers kept at most, and the largest one kept (bigger ones are released after use).
    static let keptBuffers = 8
    static let keptBytes = 64 << 20

    /// A buffer of at least `count` bytes (contents undefined).
    func take(_ count: Int) -> ScratchBuffer {
        let reused = free.withLock { pool -> ScratchBuffer? in
            if let i = pool.firstIndex(where: { $0.bytes.count >= count }) { return pool.remove(at: i) }
            _ = pool.popLast()  // too small for this file's baskets: make room for a bigger one
            return nil
        }
        return reused ?? ScratchBuffer(count: count)
    }

    func give(_ buffer: ScratchBuffer) {
        guard buffer.bytes.count <= Self.keptBytes else { return }
        free.withLock { if $0.count < Self.keptBuffers { $0.append(buffer) } }
    }
}

/// Offsets arrays a reader may hand back instead of building an equal copy: the jagged branches
/// of one collection (`Jet_pt`, `Jet_eta`, …) have identical offsets, and reading them into one
/// shared array spares building (and page-faulting) one per branch. Filled as reads produce new
/// offsets; safe to share between concurrent reads.
public final class OffsetsHints: Sendable {
    private let known: Locked<[[Int64]]>

    public init(_ offsets: [[Int64]] = []) { known = Locked(offsets) }

    public func add(_ offsets: [Int64]) { known.withLock { $0.append(offsets) } }

    func candidates(count: Int) -> [[Int64]] { known.withLock { $0.filter { $0.count == count } } }
}

/// The offsets of a jagged read, appended basket by basket; while they agree with one of the
/// hinted arrays nothing is written, and the hinted array itself is the result.
struct OffsetsOutput {
    private var candidates: [[Int64]]
    private var matched = 1  // leading values equal in every remaining candidate (offsets[0] = 0)
    private var built: [Int64] = []
    private var building: Bool
    private let capacity: Int

    init(candidates: [[Int64]], capacity: Int) {
        self.candidates = candidates.filter { $0.first == 0 }
        self.capacity = capacity
        building = self.candidates.isEmpty
        if building {
            built.reserveCapacity(capacity)
            built.append(0)
        }
    }

    /// Appends total + (table[e] − base) >> shift for e in first+1 ... last.
    mutating func append<T: EntryTable>(_ table: T, first: Int, last: Int, base: Int32, shift: Int32, total: Int64) {
        let n = last - first
        if !building {
            let before = candidates[0]
            let start = matched
            candidates.removeAll { c in
                guard c.count >= start + n else { return true }
                return c.withUnsafeBufferPointer { p in
                    var differ: Int64 = 0
                    for i in 0..<n { differ |= p[start + i] ^ (total &+ Int64((table[first + 1 + i] &- base) >> shift)) }
                    return differ != 0
                }
            }
            if !candidates.isEmpty {
                matched += n
                return
            }
            // No hint matches any more: copy the values confirmed so far, then build as usual.
            building = true
            built.reserveCapacity(capacity)
            built.append(contentsOf: before[0..<matched])
        }
        built.append(contentsOf: (first + 1..<last + 1).lazy.map { total &+ Int64((table[$0] &- base) >> shift) })
    }

    /// The offsets, and whether they were built (false: one of the hints is returned).
    func result() -> (offsets: [Int64], built: Bool) {
        if building { return (built, true) }
        // Every value appended matched; the hint must also end here to be the same array.
        if let c = candidates.first(where: { $0.count == matched }) { return (c, false) }
        return (Array(candidates[0][0..<matched]), true)
    }
}

/// Entry start offsets of one basket (entryCount + 1 values, relative to the entry data).
protocol EntryTable {
    subscript(_ i: Int) -> Int32 { get }
}

/// A table already converted (embedded baskets).
struct NativeEntryTable: EntryTable {
    let values: UnsafeBufferPointer<Int32>
    @inline(__always) subscript(_ i: Int) -> Int32 { values[i] }
}

/// ROOT's on-disk table read in place: big-endian, counted from the key start, without the end.
struct BigEndianEntryTable: EntryTable {
    let bytes: UnsafeRawPointer  // the first entry (after the i32 count)
    let entryCount: Int
    let keyLength: Int32
    let border: Int32
    @inline(__always) subscript(_ i: Int) -> Int32 {
        i == entryCount ? border : Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) &- keyLength
    }
}

extension BranchReader {
    /// Rewrites ROOT's entry-offset table (i32 count at `border`, then big-endian offsets from the
    /// key start) as native offsets from the data start beginning at `border`, with `border`
    /// itself as the end. Each value moves 4 bytes down, so it is read before it is overwritten.
    static func convertTableInPlace(_ bytes: UnsafeMutableRawBufferPointer, border: Int, entryCount: Int, keyLength: Int32) {
        guard let base = bytes.baseAddress else { return }
        let table = base + border
        for i in 0..<entryCount {
            let v = Int32(bigEndian: table.loadUnaligned(fromByteOffset: 4 * i + 4, as: Int32.self)) &- keyLength
            table.storeBytes(of: v, toByteOffset: 4 * i, as: Int32.self)
        }
        table.storeBytes(of: Int32(border), toByteOffset: 4 * entryCount, as: Int32.self)
    }

    /// Flat leaves and `x[n]` leaves whose baskets all carry entry-offset tables, read basket by
    /// basket: decompressed into pooled buffers (a wave of `parallelism` at a time) and decoded
    /// straight into the output array. nil: the branch needs the general path.
    func readStreaming(_ range: Range<Int64>, hints: OffsetsHints?) throws -> BranchArray? {
        guard layout.recordSize == nil else { return nil }
        let width = layout.encoding.diskWidth
        let jagged = layout.jagged != nil
        if let j = layout.jagged, j.headerBytes != 0 || j.countInHeader || width & (width - 1) != 0 { return nil }
        let name = layout.fullName
        let selected = layout.branch.baskets.enumerated().filter {
            $0.element.endEntry > range.lowerBound && $0.element.firstEntry < range.upperBound && $0.element.entryCount > 0
        }
        // The on-disk bytes in one call (remote sources merge neighbouring ranges).
        var slots = [Int?](repeating: nil, count: selected.count)
        var ranges: [Range<Int64>] = []
        for (k, item) in selected.enumerated() {
            if case .disk(let seek, let bytes) = item.element.storage, bytes > 0 {
                slots[k] = ranges.count
                ranges.append(seek..<seek + Int64(bytes))
            }
        }
        let fetched = try tree.file.source.read(ranges: ranges)
        // Key headers first: they give the exact size of the output.
        var headers = [BasketLoader.DiskHeader?](repeating: nil, count: selected.count)
        var bound = jagged ? 0 : range.count * layout.valuesPerEntry
        for (k, item) in selected.enumerated() {
            let what = "basket \(item.offset) of branch \(name)"
            switch item.element.storage {
            case .embedded(let basket):
                guard Int64(basket.entryCount) == item.element.entryCount else {
                    throw RootError.format("\(what): holds \(basket.entryCount) entries, expected \(item.element.entryCount)")
                }
                if jagged {
                    guard basket.offsets?.count == basket.entryCount + 1 else { return nil }
                    bound += basket.data.count / width
                }
            case .disk(_, let bytes):
                guard let slot = slots[k] else { throw RootError.format("\(what): fBasketBytes is \(bytes)") }
                let header = try BasketLoader.diskHeader(item.element, raw: fetched[slot], what: what)
                if jagged {
                    guard header.hasOffsetTable else { return nil }
                    bound += header.border / width
                }
                headers[k] = header
            }
        }

        let headerList = headers
        let parallelism = max(1, min(tree.file.parallelism, selected.count))
        let pool = tree.file.scratch
        var scratch: [ScratchBuffer?] = Array(repeating: nil, count: parallelism)
        defer { for case let b? in scratch { pool.give(b) } }
        var offsets = OffsetsOutput(candidates: jagged ? hints?.candidates(count: range.count + 1) ?? [] : [],
                                    capacity: range.count + 1)
        let shift = Int32(width.trailingZeroBitCount)
        let outputWidth = layout.encoding.output.byteWidth
        let encoding = layout.encoding
        var runningTotal: Int64 = 0

        let values = try ValueDecoder.makeArray(encoding.output, capacity: bound) { destination in
            var written = 0
            // One basket's entries first..<last: validate, note the offsets, decode the values.
            func take<T: EntryTable>(_ data: UnsafeRawPointer, border: Int, entryCount: Int, table: T?,
                                     location: BasketLocation, what: String) throws {
                let first = Int(max(range.lowerBound, location.firstEntry) - location.firstEntry)
                let last = Int(min(range.upperBound, location.endEntry) - location.firstEntry)
                var start = 0, count = 0
                if let table {
                    guard let run = Self.contiguousRun(table, first: first, last: last, border: border, width: width) else {
                        throw RootError.format("\(what): entry offsets out of order or outside \(border) bytes of \(width)-byte values")
                    }
                    offsets.append(table, first: first, last: last, base: run.base, shift: shift, total: runningTotal)
                    start = Int(run.base)
                    count = run.count
                    runningTotal += Int64(count)
                } else {
                    let entryBytes = layout.entryBytes
                    guard border == entryCount * entryBytes else {
                        throw RootError.format("\(what): \(border) bytes for \(entryCount) entries of \(entryBytes) bytes")
                    }
                    start = first * entryBytes
                    count = (last - first) * layout.valuesPerEntry
                }
                guard written + count <= bound else { throw RootError.format("\(what): more values than the baskets hold") }
                if count > 0 {
                    ValueDecoder.decode(data + start, count: count, encoding: encoding, into: destination + written * outputWidth)
                }
                written += count
            }

            var waveStart = 0
            while waveStart < selected.count {
                let wave = waveStart..<min(waveStart + parallelism, selected.count)
                waveStart = wave.upperBound
                // Decompress the wave's compressed baskets, one pooled buffer each.
                var jobs: [(basket: Int, buffer: ScratchBuffer)] = []
                for k in wave {
                    guard let header = headers[k], header.isCompressed else { continue }
                    let w = jobs.count
                    if let b = scratch[w], b.bytes.count < header.objectLength {
                        pool.give(b)
                        scratch[w] = nil
                    }
                    let buffer = scratch[w] ?? pool.take(header.objectLength)
                    scratch[w] = buffer
                    jobs.append((k, buffer))
                }
                let failures = Locked<[any Error]>([])
                let jobList = jobs, slotList = slots
                let decompress: @Sendable (Int) -> Void = { j in
                    let (k, buffer) = jobList[j]
                    guard let header = headerList[k], let slot = slotList[k] else { return }
                    do {
                        try fetched[slot].withUnsafeBytes { raw in
                            try Decompressor.decompress(UnsafeRawBufferPointer(rebasing: raw[header.keyLength...]),
                                                        into: UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[0..<header.objectLength]),
                                                        what: "basket \(selected[k].offset) of branch \(name)")
                        }
                        if jagged, header.border % 4 == 0 {
                            Self.convertTableInPlace(buffer.bytes, border: header.border, entryCount: header.entryCount,
                                                     keyLength: Int32(header.keyLength))
                        }
                    } catch { failures.withLock { $0.append(error) } }
                }
                if jobs.count > 1 { DispatchQueue.concurrentPerform(iterations: jobs.count, execute: decompress) }
                else if jobs.count == 1 { decompress(0) }
                if let error = failures.withLock({ $0.first }) { throw error }

                var job = 0
                for k in wave {
                    let location = selected[k].element
                    let what = "basket \(selected[k].offset) of branch \(name)"
                    switch location.storage {
                    case .embedded(let basket):
                        try basket.data.withUnsafeBytes { data in
                            guard let base = data.baseAddress else { return }
                            if let o = basket.offsets, jagged {
                                try o.withUnsafeBufferPointer { p in
                                    try take(base, border: data.count, entryCount: basket.entryCount, table: NativeEntryTable(values: p),
                                             location: location, what: what)
                                }
                            } else {
                                try take(base, border: data.count, entryCount: basket.entryCount, table: NativeEntryTable?.none,
                                         location: location, what: what)
                            }
                        }
                    case .disk:
                        guard let header = headers[k], let slot = slots[k] else { continue }
                        // Compressed: the wave's buffer; stored raw: the bytes after the key header.
                        let process = { (data: UnsafeRawPointer) throws in
                            let table = jagged ? BigEndianEntryTable(bytes: data + header.border + 4, entryCount: header.entryCount,
                                                                     keyLength: Int32(header.keyLength), border: Int32(header.border)) : nil
                            try take(data, border: header.border, entryCount: header.entryCount, table: table, location: location, what: what)
                        }
                        if header.isCompressed {
                            let buffer = jobs[job].buffer
                            job += 1
                            guard let base = buffer.bytes.baseAddress else { continue }
                            if jagged, header.border % 4 == 0 {
                                // Converted in place after decompression: native, with the end appended.
                                let table = (base + header.border).bindMemory(to: Int32.self, capacity: header.entryCount + 1)
                                try take(UnsafeRawPointer(base), border: header.border, entryCount: header.entryCount,
                                         table: NativeEntryTable(values: UnsafeBufferPointer(start: table, count: header.entryCount + 1)),
                                         location: location, what: what)
                                continue
                            }
                            try process(UnsafeRawPointer(base))
                        } else {
                            try fetched[slot].withUnsafeBytes { raw in
                                guard let base = raw.baseAddress else { return }
                                try process(base + header.keyLength)
                            }
                        }
                    }
                }
            }
            return written
        }
        var offsetsArray: [Int64]? = nil
        if jagged {
            let (result, built) = offsets.result()
            if built { hints?.add(result) }
            offsetsArray = result
        }
        return BranchArray(values: values, offsets: offsetsArray, fixedShape: layout.fixedShape)
    }
}
