/// A bounds-checked big-endian reader over an in-memory object buffer (a key payload).
///
/// `keyOrigin` is the length of the key header that preceded the payload on disk: ROOT's object
/// and class references are byte offsets counted from the start of the key, not of the payload.
struct RootCursor {
    let bytes: [UInt8]
    var position: Int
    let keyOrigin: Int
    /// Class tags seen so far (reference offset → class name), for `kClassMask` references.
    var classReferences: [Int: String] = [:]
    /// Leaves read so far (reference offset → leaf), so `fLeafCount` pointers can be resolved.
    var leafReferences: [Int: LeafRecord] = [:]
    /// What is being read, for error messages.
    let context: String

    init(bytes: [UInt8], position: Int = 0, keyOrigin: Int, context: String) {
        self.bytes = bytes
        self.position = position
        self.keyOrigin = keyOrigin
        self.context = context
    }

    var remaining: Int { bytes.count - position }

    /// Position as ROOT counts it for references (from the start of the key).
    var referencePosition: Int { position + keyOrigin }

    func failure(_ what: String) -> RootError {
        .format("\(context): \(what) at byte \(position) of \(bytes.count)")
    }

    mutating func need(_ count: Int) throws {
        if count < 0 || position + count > bytes.count {
            throw failure("needs \(count) more bytes")
        }
    }

    mutating func skip(_ count: Int) throws {
        try need(count)
        position += count
    }

    mutating func seek(to absolute: Int) throws {
        guard absolute >= 0 && absolute <= bytes.count else { throw failure("jump to \(absolute) outside the buffer") }
        position = absolute
    }

    mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws -> UInt16 {
        try need(2)
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func u32() throws -> UInt32 {
        try need(4)
        defer { position += 4 }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[position + i]) }
        return v
    }

    mutating func u64() throws -> UInt64 {
        try need(8)
        defer { position += 8 }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[position + i]) }
        return v
    }

    mutating func i16() throws -> Int16 { Int16(bitPattern: try u16()) }
    mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f32() throws -> Float { Float(bitPattern: try u32()) }
    mutating func f64() throws -> Double { Double(bitPattern: try u64()) }

    /// A count read as i32 that must be non-negative and fit the remaining buffer at `itemSize` each.
    mutating func count(itemSize: Int, what: String) throws -> Int {
        let n = Int(try i32())
        if n < 0 || n * itemSize > remaining { throw failure("implausible \(what) count \(n)") }
        return n
    }

    /// ROOT's TString: one length byte, or 255 followed by an i32 length.
    mutating func string() throws -> String {
        var length = Int(try u8())
        if length == 255 { length = Int(try i32()) }
        try need(length)
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }

    /// A NUL-terminated C string (class names after `kNewClassTag`).
    mutating func cString() throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0) else { throw failure("unterminated class name") }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    mutating func f64Array(_ n: Int) throws -> [Double] {
        try need(n * 8)
        var out = [Double](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try f64()) }
        return out
    }

    mutating func i64Array(_ n: Int) throws -> [Int64] {
        try need(n * 8)
        var out = [Int64](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try i64()) }
        return out
    }

    mutating func i32Array(_ n: Int) throws -> [Int32] {
        try need(n * 4)
        var out = [Int32](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try i32()) }
        return out
    }
}
