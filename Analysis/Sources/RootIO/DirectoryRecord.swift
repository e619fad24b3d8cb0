/// A TDirectory record: where its key list is stored.
struct DirectoryRecord: Sendable {
    let version: Int
    let keysBytes: Int
    let seekKeys: Int64

    static func read(from source: any ByteSource, at offset: Int64, what: String) throws -> DirectoryRecord {
        let bytes = try source.read(at: offset, count: Int(min(64, source.size - offset)))
        return try parse(bytes, what: what)
    }

    static func parse(_ bytes: [UInt8], what: String) throws -> DirectoryRecord {
        var cursor = RootCursor(bytes: bytes, keyOrigin: 0, context: what)
        let version = Int(try cursor.i16())
        _ = try cursor.u32(); _ = try cursor.u32()  // fDatimeC, fDatimeM
        let keysBytes = Int(try cursor.i32())
        _ = try cursor.i32()  // fNbytesName
        let seekKeys: Int64
        if version > 1000 {
            _ = try cursor.i64(); _ = try cursor.i64()
            seekKeys = try cursor.i64()
        } else {
            _ = try cursor.i32(); _ = try cursor.i32()
            seekKeys = Int64(try cursor.i32())
        }
        return DirectoryRecord(version: version, keysBytes: keysBytes, seekKeys: seekKeys)
    }

    /// The key list: a key header for the list itself, an i32 count, then that many key headers.
    func readKeys(from source: any ByteSource, what: String) throws -> [RootKey] {
        guard seekKeys > 0, keysBytes > 0 else { return [] }
        let bytes = try source.read(at: seekKeys, count: keysBytes)
        var cursor = RootCursor(bytes: bytes, keyOrigin: 0, context: "key list of \(what)")
        let own = try RootKey.parse(&cursor)
        try cursor.seek(to: own.keyLength)
        let count = try cursor.count(itemSize: 18, what: "keys")
        var keys: [RootKey] = []
        keys.reserveCapacity(count)
        for _ in 0..<count {
            let start = cursor.position
            let key = try RootKey.parse(&cursor)
            try cursor.seek(to: start + key.keyLength)
            keys.append(key)
        }
        return keys
    }
}
