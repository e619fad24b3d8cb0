import Foundation

/// Typed values of one column, contiguous, in the type the file stores them.
public enum ColumnData: Sendable, Equatable {
    case bool([Bool]), int8([Int8]), uint8([UInt8]), int16([Int16]), uint16([UInt16])
    case int32([Int32]), uint32([UInt32]), int64([Int64]), uint64([UInt64])
    case float32([Float]), float64([Double])

    public var count: Int {
        switch self {
        case .bool(let a): return a.count
        case .int8(let a): return a.count
        case .uint8(let a): return a.count
        case .int16(let a): return a.count
        case .uint16(let a): return a.count
        case .int32(let a): return a.count
        case .uint32(let a): return a.count
        case .int64(let a): return a.count
        case .uint64(let a): return a.count
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        }
    }

    /// Bytes per value in memory.
    public var elementSize: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    public var typeName: String {
        switch self {
        case .bool: return "bool"
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .uint16: return "uint16"
        case .int32: return "int32"
        case .uint32: return "uint32"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// Values range converted to Double (the expression engine computes in Double).
    public func doubles(_ range: Range<Int>) -> [Double] {
        switch self {
        case .bool(let a): return Self.widen(a, range) { $0 ? 1 : 0 }
        case .int8(let a): return Self.widen(a, range) { Double($0) }
        case .uint8(let a): return Self.widen(a, range) { Double($0) }
        case .int16(let a): return Self.widen(a, range) { Double($0) }
        case .uint16(let a): return Self.widen(a, range) { Double($0) }
        case .int32(let a): return Self.widen(a, range) { Double($0) }
        case .uint32(let a): return Self.widen(a, range) { Double($0) }
        case .int64(let a): return Self.widen(a, range) { Double($0) }
        case .uint64(let a): return Self.widen(a, range) { Double($0) }
        case .float32(let a): return Self.widen(a, range) { Double($0) }
        case .float64(let a): return Array(a[range])
        }
    }

    @inline(__always)
    private static func widen<T>(_ a: [T], _ range: Range<Int>, _ f: (T) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: range.count) { out, count in
            a.withUnsafeBufferPointer { p in
                var j = 0
                for i in range { out[j] = f(p[i]); j += 1 }
            }
            count = range.count
        }
    }

    /// Value i as Int (for counter branches).
    func integer(at i: Int) -> Int64 {
        switch self {
        case .bool(let a): return a[i] ? 1 : 0
        case .int8(let a): return Int64(a[i])
        case .uint8(let a): return Int64(a[i])
        case .int16(let a): return Int64(a[i])
        case .uint16(let a): return Int64(a[i])
        case .int32(let a): return Int64(a[i])
        case .uint32(let a): return Int64(a[i])
        case .int64(let a): return a[i]
        case .uint64(let a): return Int64(clamping: a[i])
        case .float32(let a): return Int64(a[i])
        case .float64(let a): return Int64(a[i])
        }
    }
}

/// One column: flat (one value per event) or jagged (values + offsets, entry i is
/// values[offsets[i]..<offsets[i+1]], offsets.count = events + 1, offsets[0] = 0).
/// Fixed-size arrays (`x[10]`) are stored jagged with constant counts.
public struct ColumnBuffer: Sendable, Equatable {
    public var data: ColumnData
    public var offsets: [Int64]?

    public init(_ data: ColumnData, offsets: [Int64]? = nil) throws {
        if let offsets {
            guard let first = offsets.first, first == 0 else {
                throw ColumnarError.invalidColumn("jagged offsets must start at 0")
            }
            guard offsets.last == Int64(data.count) else {
                throw ColumnarError.invalidColumn("jagged offsets end at \(offsets.last ?? 0) but there are \(data.count) values")
            }
            // Branch-free scan: a decrease or a negative value (which could wrap the difference) sets
            // the sign bit; the exact entry is located only then.
            let decreases = offsets.withUnsafeBufferPointer { o in
                var bad: Int64 = 0
                for i in 1..<o.count { bad |= (o[i] &- o[i - 1]) | o[i] }
                return bad < 0
            }
            if decreases, let i = (1..<offsets.count).first(where: { offsets[$0] < offsets[$0 - 1] }) {
                throw ColumnarError.invalidColumn("jagged offsets decrease at entry \(i - 1)")
            }
        }
        self.data = data
        self.offsets = offsets
    }

    /// Fixed-shape column (each entry holds `width` values) stored as jagged.
    public init(_ data: ColumnData, fixedWidth width: Int) throws {
        guard width > 0, data.count % width == 0 else {
            throw ColumnarError.invalidColumn("\(data.count) values do not split into entries of \(width)")
        }
        try self.init(data, offsets: (0...(data.count / width)).map { Int64($0 * width) })
    }

    public var isJagged: Bool { offsets != nil }
    public var entryCount: Int { offsets.map { $0.count - 1 } ?? data.count }
    /// Memory held by the buffer (values + offsets).
    public var byteCount: Int { data.count * data.elementSize + (offsets?.count ?? 0) * 8 }
}
