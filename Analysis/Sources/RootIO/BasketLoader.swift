/// The uncompressed bytes of one basket: `border` bytes of entry data, optionally followed in the
/// same buffer by ROOT's entry-offset table (already converted to `offsets`).
struct BasketContent: Sendable {
    let buffer: [UInt8]
    /// Index in `buffer` where the entry data begins (the key header precedes it in raw baskets).
    let start: Int
    let border: Int
    let entryCount: Int
    /// Start of each entry in `buffer` plus the end (entryCount + 1 values), when stored.
    let offsets: [Int32]?
}

enum BasketLoader {
    /// What the key header of an on-disk basket says, checked against the branch's metadata.
    struct DiskHeader {
        let keyLength: Int
        /// Uncompressed payload: entry data (`border` bytes), then the entry-offset table if any.
        let objectLength: Int
        let isCompressed: Bool
        let entryCount: Int
        let border: Int
        var hasOffsetTable: Bool { objectLength > border }
    }

    static func diskHeader(_ location: BasketLocation, raw: [UInt8], what: String) throws -> DiskHeader {
        guard case .disk(_, let bytes) = location.storage else { throw RootError.format("\(what): not stored on disk") }
        guard bytes > 0, raw.count == bytes else { throw RootError.format("\(what): fBasketBytes is \(bytes)") }
        var cursor = RootCursor(bytes: raw, keyOrigin: 0, context: what)
        let key = try RootKey.parse(&cursor)
        guard key.totalBytes == bytes else {
            throw RootError.format("\(what): key says \(key.totalBytes) bytes, the branch says \(bytes)")
        }
        try cursor.seek(to: key.keyLength - 19)
        _ = try cursor.u16()
        _ = try cursor.i32()  // fBufferSize
        _ = try cursor.i32()  // fNevBufSize
        let entryCount = Int(try cursor.i32())
        let last = Int(try cursor.i32())
        let border = last - key.keyLength
        guard Int64(entryCount) == location.entryCount, border >= 0, border <= key.objectLength else {
            throw RootError.format("\(what): fNevBuf \(entryCount) (expected \(location.entryCount)), fLast \(last), fObjlen \(key.objectLength)")
        }
        // Stored raw, the payload follows the key header in `raw`.
        guard key.isCompressed || raw.count - key.keyLength >= key.objectLength else {
            throw RootError.format("\(what): \(raw.count) bytes hold no \(key.objectLength)-byte payload")
        }
        if key.objectLength > border, key.objectLength - border < 4 + 4 * entryCount {
            throw RootError.format("\(what): entry-offset table too short for \(entryCount) entries")
        }
        return DiskHeader(keyLength: key.keyLength, objectLength: key.objectLength, isCompressed: key.isCompressed,
                          entryCount: entryCount, border: border)
    }

    /// Reads and decompresses one basket.
    static func load(_ location: BasketLocation, source: any ByteSource, branch: String, index: Int) throws -> BasketContent {
        var raw: [UInt8]? = nil
        if case .disk(let seek, let bytes) = location.storage, bytes > 0 { raw = try source.read(at: seek, count: bytes) }
        return try decode(location, raw: raw, branch: branch, index: index)
    }

    /// Decodes one basket from its on-disk bytes (`raw`, the whole key) or from the embedded copy.
    static func decode(_ location: BasketLocation, raw: [UInt8]?, branch: String, index: Int) throws -> BasketContent {
        let what = "basket \(index) of branch \(branch)"
        switch location.storage {
        case .embedded(let basket):
            guard Int64(basket.entryCount) == location.entryCount else {
                throw RootError.format("\(what): holds \(basket.entryCount) entries, expected \(location.entryCount)")
            }
            return BasketContent(buffer: basket.data, start: 0, border: basket.data.count, entryCount: basket.entryCount, offsets: basket.offsets)
        case .disk(_, let bytes):
            guard let raw else { throw RootError.format("\(what): fBasketBytes is \(bytes)") }
            let header = try diskHeader(location, raw: raw, what: what)
            let key = (keyLength: header.keyLength, objectLength: header.objectLength, isCompressed: header.isCompressed)
            let entryCount = header.entryCount, border = header.border
            let buffer: [UInt8]
            let start: Int
            if key.isCompressed {
                start = 0
                buffer = try [UInt8](unsafeUninitializedCapacity: key.objectLength) { out, initialized in
                    try raw.withUnsafeBytes { input in
                        try Decompressor.decompress(UnsafeRawBufferPointer(rebasing: input[key.keyLength...]),
                                                    into: UnsafeMutableRawBufferPointer(out), what: what)
                    }
                    initialized = key.objectLength
                }
            } else {
                // Stored raw: use the bytes in place, after the key header.
                buffer = raw
                start = key.keyLength
            }
            var offsets: [Int32]? = nil
            if buffer.count - start > border {
                // i32 count, then one big-endian i32 per entry counted from the key start.
                guard buffer.count - start - border >= 4 + 4 * entryCount else {
                    throw RootError.format("\(what): entry-offset table too short for \(entryCount) entries")
                }
                let keyLength = Int32(key.keyLength)
                offsets = buffer.withUnsafeBytes { raw in
                    [Int32](unsafeUninitializedCapacity: entryCount + 1) { table, initialized in
                        for i in 0..<entryCount {
                            table[i] = Int32(bigEndian: raw.loadUnaligned(fromByteOffset: start + border + 4 + 4 * i, as: Int32.self)) &- keyLength
                        }
                        table[entryCount] = Int32(border)
                        initialized = entryCount + 1
                    }
                }
            }
            return BasketContent(buffer: buffer, start: start, border: border, entryCount: entryCount, offsets: offsets)
        }
    }
}
