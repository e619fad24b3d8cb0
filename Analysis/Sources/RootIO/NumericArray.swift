/// The element type of a numeric column.
public enum NumericKind: String, Sendable, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    /// Bytes per value in memory (and on disk for plain encodings).
    public var byteWidth: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }
}

/// A typed column of values.
public enum NumericArray: Sendable {
    case bool([Bool]), int8([Int8]), uint8([UInt8]), int16([Int16]), uint16([UInt16]),
         int32([Int32]), uint32([UInt32]), int64([Int64]), uint64([UInt64]), float32([Float]), float64([Double])

    public var kind: NumericKind {
        switch self {
        case .bool: return .bool
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .uint16: return .uint16
        case .int32: return .int32
        case .uint32: return .uint32
        case .int64: return .int64
        case .uint64: return .uint64
        case .float32: return .float32
        case .float64: return .float64
        }
    }

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

    /// Values widened to Double (exact for every kind except 64-bit integers above 2^53).
    public var doubles: [Double] {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .int8(let a): return a.map(Double.init)
        case .uint8(let a): return a.map(Double.init)
        case .int16(let a): return a.map(Double.init)
        case .uint16(let a): return a.map(Double.init)
        case .int32(let a): return a.map(Double.init)
        case .uint32(let a): return a.map(Double.init)
        case .int64(let a): return a.map(Double.init)
        case .uint64(let a): return a.map(Double.init)
        case .float32(let a): return a.map(Double.init)
        case .float64(let a): return a
        }
    }
}

/// Values of one branch over a range of entries.
public struct BranchArray: Sendable {
    public var values: NumericArray
    /// Jagged branches: entry i is values[offsets[i]..<offsets[i+1]]; offsets.count == entries + 1, offsets[0] == 0.
    public var offsets: [Int64]?
    /// Fixed array shape per entry ([] for scalars, [3] for `x[3]`); values are row-major.
    public var fixedShape: [Int]

    public init(values: NumericArray, offsets: [Int64]?, fixedShape: [Int]) {
        self.values = values
        self.offsets = offsets
        self.fixedShape = fixedShape
    }

    /// Number of entries held.
    public var entryCount: Int {
        if let offsets { return offsets.count - 1 }
        let width = fixedShape.reduce(1, *)
        return width == 0 ? 0 : values.count / width
    }
}
