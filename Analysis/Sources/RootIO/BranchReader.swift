import Foundation

/// Reads the values of one branch over a range of entries: selects only the baskets that overlap
/// the range, decompresses them (in parallel when there are several), locates each entry's bytes
/// and decodes them into one typed array.
struct BranchReader {
    let tree: RootTree
    let layout: BranchLayout

    /// A run of values inside one loaded basket.
    struct Segment {
        let basket: Int
        let byteStart: Int
        let valueCount: Int
    }

    func read(_ range: Range<Int64>) throws -> BranchArray {
        let selected = layout.branch.baskets.enumerated().filter {
            $0.element.endEntry > range.lowerBound && $0.element.firstEntry < range.upperBound && $0.element.entryCount > 0
        }
        let contents = try loadBaskets(selected.map { ($0.offset, $0.element) })
        let width = layout.encoding.diskWidth
        var segments: [Segment] = []
        var outputOffsets: [Int64] = [0]
        var runningTotal: Int64 = 0
        if layout.jagged != nil { outputOffsets.reserveCapacity(range.count + 1) }

        for (k, item) in selected.enumerated() {
            let location = item.element
            let content = contents[k]
            let what = "basket \(item.offset) of branch \(layout.fullName)"
            let first = Int(max(range.lowerBound, location.firstEntry) - location.firstEntry)
            let last = Int(min(range.upperBound, location.endEntry) - location.firstEntry)
            guard let jagged = layout.jagged else {
                let entryBytes = layout.recordSize ?? layout.entryBytes
                guard content.border == content.entryCount * entryBytes else {
                    throw RootError.format("\(what): \(content.border) bytes for \(content.entryCount) entries of \(entryBytes) bytes")
                }
                if layout.recordSize != nil {
                    for entry in first..<last {
                        segments.append(Segment(basket: k, byteStart: entry * entryBytes + layout.fieldOffset, valueCount: layout.valuesPerEntry))
                    }
                } else {
                    segments.append(Segment(basket: k, byteStart: first * entryBytes, valueCount: (last - first) * layout.valuesPerEntry))
                }
                continue
            }
            let offsets = try content.offsets ?? deriveOffsets(content, location: location, jagged: jagged, what: what)
            guard offsets.count == content.entryCount + 1 else { throw RootError.format("\(what): offset table has \(offsets.count) values") }
            let header = jagged.headerBytes
            let border = content.border
            if header == 0, !jagged.countInHeader, width & (width - 1) == 0 {
                // `x[n]` leaves: entries are back to back, so one validation pass over the table
                // and one run of values per basket (no per-entry division or segment).
                let shift = Int32(width.trailingZeroBitCount), total = runningTotal
                let run = offsets.withUnsafeBufferPointer { p -> (base: Int32, count: Int)? in
                    let table = NativeEntryTable(values: p)
                    guard let run = Self.contiguousRun(table, first: first, last: last, border: border, width: width) else { return nil }
                    outputOffsets.append(contentsOf: (first + 1..<last + 1).lazy.map { total &+ Int64((table[$0] &- run.base) >> shift) })
                    return run
                }
                guard let run else {
                    throw RootError.format("\(what): entry offsets out of order or outside \(border) bytes of \(width)-byte values")
                }
                if run.count > 0 { segments.append(Segment(basket: k, byteStart: Int(run.base), valueCount: run.count)) }
                runningTotal += Int64(run.count)
                continue
            }
            var runStart = -1
            var runCount = 0
            try offsets.withUnsafeBufferPointer { table in
                try content.buffer.withUnsafeBytes { raw in
                    for entry in first..<last {
                        let begin = Int(table[entry])
                        let start = begin + header
                        let end = Int(table[entry + 1])
                        guard begin >= 0, start <= end, end <= border, (end - start) % width == 0 else {
                            throw RootError.format("\(what): entry \(entry) spans bytes \(begin)..<\(end) (border \(border), \(width)-byte values)")
                        }
                        let n = (end - start) / width
                        if jagged.countInHeader {
                            let stored = Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: content.start + start - 4, as: Int32.self)))
                            guard stored == n else { throw RootError.format("\(what): entry \(entry) says \(stored) values but holds \(n)") }
                        }
                        runningTotal += Int64(n)
                        outputOffsets.append(runningTotal)
                        if header == 0 {
                            if runStart < 0 { runStart = start }
                            guard runStart + runCount * width == start else { throw RootError.format("\(what): entries are not contiguous") }
                            runCount += n
                        } else if n > 0 {
                            segments.append(Segment(basket: k, byteStart: start, valueCount: n))
                        }
                    }
                }
            }
            if runStart >= 0 && runCount > 0 { segments.append(Segment(basket: k, byteStart: runStart, valueCount: runCount)) }
        }

        let total = segments.reduce(0) { $0 + $1.valueCount }
        let outputWidth = layout.encoding.output.byteWidth
        for segment in segments where segment.byteStart + segment.valueCount * width > contents[segment.basket].border {
            throw RootError.format("branch \(layout.fullName): values run past the end of basket data")
        }
        let values = try ValueDecoder.makeArray(layout.encoding.output, count: total) { destination in
            var index = 0
            for segment in segments where segment.valueCount > 0 {
                let content = contents[segment.basket]
                content.buffer.withUnsafeBytes { raw in
                    ValueDecoder.decode(raw.baseAddress! + content.start + segment.byteStart, count: segment.valueCount,
                                        encoding: layout.encoding, into: destination + index * outputWidth)
                }
                index += segment.valueCount
            }
        }
        return BranchArray(values: values, offsets: layout.jagged != nil ? outputOffsets : nil, fixedShape: layout.fixedShape)
    }

    /// Entries first..<last of a basket whose entries have no header: checks that the offsets are
    /// ordered, inside the data and whole values apart. Returns the first entry's offset (the run's
    /// first byte) and the run's value count, nil when the table is inconsistent.
    @inline(__always)
    static func contiguousRun<T: EntryTable>(_ table: T, first: Int, last: Int, border: Int, width: Int) -> (base: Int32, count: Int)? {
        let mask = Int32(width - 1)
        let base = table[first]
        let end = table[last]
        guard base >= 0, Int(end) <= border else { return nil }
        // Branch-free so the loop vectorises: any decrease (sign bit of the 64-bit difference) or
        // partial value leaves a bit set in `bad`; one check at the end.
        var bad: Int64 = 0
        var previous = Int64(base)
        for e in (first + 1)..<(last + 1) {
            let t = table[e]
            let v = Int64(t)
            bad |= ((v - previous) >> 63) | Int64((t &- base) & mask)
            previous = v
        }
        guard bad == 0 else { return nil }
        return (base, Int(end &- base) / width)
    }

    /// Baskets written without an entry-offset table: sizes from the counter branch, or from the
    /// length each std::vector entry carries in its header.
    func deriveOffsets(_ content: BasketContent, location: BasketLocation, jagged: BranchLayout.Jagged, what: String) throws -> [Int32] {
        let width = layout.encoding.diskWidth
        var offsets = [Int32](repeating: 0, count: content.entryCount + 1)
        var position = 0
        if let counter = jagged.counterBranch {
            let counts = try tree.read(counter, entries: location.firstEntry..<location.endEntry).values.doubles
            guard counts.count == content.entryCount else { throw RootError.format("\(what): counter \(counter) gave \(counts.count) entries") }
            for (i, n) in counts.enumerated() {
                guard n >= 0 else { throw RootError.format("\(what): counter \(counter) is negative at entry \(i)") }
                position += jagged.headerBytes + Int(n) * width
                offsets[i + 1] = Int32(position)
            }
        } else if jagged.countInHeader {
            try content.buffer.withUnsafeBytes { raw in
                for i in 0..<content.entryCount {
                    guard position + jagged.headerBytes <= content.border else { throw RootError.format("\(what): vector header past the data") }
                    let n = Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: content.start + position + 6, as: Int32.self)))
                    guard n >= 0 else { throw RootError.format("\(what): negative vector length at entry \(i)") }
                    position += jagged.headerBytes + n * width
                    offsets[i + 1] = Int32(position)
                }
            }
        } else {
            throw RootError.format("\(what): no entry offsets and no counter branch")
        }
        guard position == content.border else {
            throw RootError.format("\(what): entry sizes add up to \(position) bytes, the basket holds \(content.border)")
        }
        return offsets
    }

    func loadBaskets(_ baskets: [(Int, BasketLocation)]) throws -> [BasketContent] {
        let name = layout.fullName
        // Fetch all on-disk baskets in one call (remote sources merge neighbouring ranges), then
        // decompress them in parallel.
        var diskIndices: [Int] = []
        var ranges: [Range<Int64>] = []
        for (i, basket) in baskets.enumerated() {
            if case .disk(let seek, let bytes) = basket.1.storage, bytes > 0 {
                diskIndices.append(i)
                ranges.append(seek..<seek + Int64(bytes))
            }
        }
        let fetched = try tree.file.source.read(ranges: ranges)
        var raws = [[UInt8]?](repeating: nil, count: baskets.count)
        for (k, i) in diskIndices.enumerated() { raws[i] = fetched[k] }
        let inputs = raws
        let parallelism = min(tree.file.parallelism, baskets.count)
        if parallelism <= 1 {
            return try baskets.enumerated().map { try BasketLoader.decode($0.element.1, raw: inputs[$0.offset], branch: name, index: $0.element.0) }
        }
        let results = Locked([Result<BasketContent, any Error>?](repeating: nil, count: baskets.count))
        // `parallelism` workers take baskets in strides.
        DispatchQueue.concurrentPerform(iterations: parallelism) { worker in
            for i in stride(from: worker, to: baskets.count, by: parallelism) {
                let result = Result { try BasketLoader.decode(baskets[i].1, raw: inputs[i], branch: name, index: baskets[i].0) }
                results.withLock { $0[i] = result }
            }
        }
        return try results.withLock { $0 }.map { slot in
            guard let slot else { throw RootError.format("basket of \(name) was not loaded") }
            return try slot.get()
        }
    }
}
