/// A TKey header: where an object's (possibly compressed) bytes are and what they hold.
struct RootKey: Sendable {
    let totalBytes: Int        // fNbytes: key header + payload on disk
    let version: Int
    let objectLength: Int      // fObjlen: uncompressed payload size
    let keyLength: Int         // fKeylen
    let cycle: Int
    let seekKey: Int64
    let className: String
    let name: String
    let title: String

    var isCompressed: Bool { totalBytes - keyLength != objectLength }

    /// Parses a key header from `cursor` (positioned at the key start).
    static func parse(_ cursor: inout RootCursor) throws -> RootKey {
        let start = cursor.position
        let totalBytes = Int(try cursor.i32())
        let version = Int(try cursor.i16())
        let objectLength = Int(try cursor.i32())
        _ = try cursor.u32()  // fDatime
        let keyLength = Int(try cursor.i16())
        let cycle = Int(try cursor.i16())
        let seekKey: Int64
        if version > 1000 {
            seekKey = try cursor.i64()
            _ = try cursor.i64()
        } else {
            seekKey = Int64(try cursor.i32())
            _ = try cursor.i32()
        }
        let className = try cursor.string()
        let name = try cursor.string()
        let title = try cursor.string()
        guard keyLength > 0, totalBytes >= 0, objectLength >= 0 else {
            throw cursor.failure("key \(name) has fNbytes \(totalBytes), fKeylen \(keyLength), fObjlen \(objectLength)")
        }
        if cursor.position - start > keyLength { throw cursor.failure("key \(name) header is longer than fKeylen \(keyLength)") }
        return RootKey(totalBytes: totalBytes, version: version, objectLength: objectLength, keyLength: keyLength,
                       cycle: cycle, seekKey: seekKey, className: className, name: name, title: title)
    }
}

/// One entry of a directory listing.
public struct RootKeyInfo: Sendable, Hashable {
    public var name: String
    public var cycle: Int
    public var className: String
    public var title: String
    /// Path from the file's top directory, with "/" between directories (no cycle).
    public var path: String
    /// Uncompressed payload size (fObjlen) and bytes on disk (payload only).
    public var objectBytes: Int
    public var storedBytes: Int

    public var isDirectory: Bool { className == "TDirectory" || className == "TDirectoryFile" }
}
