/// Tight loops that turn big-endian on-disk values into native values, writing straight into the
/// output array's storage (no per-value allocation).
enum ValueDecoder {
    static func decode(_ source: UnsafeRawPointer, count: Int, encoding: ValueEncoding, into destination: UnsafeMutableRawPointer) {
        switch encoding {
        case .plain(let kind):
            switch kind {
            case .bool:
                for i in 0..<count {
                    destination.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0, toByteOffset: i, as: UInt8.self)
                }
            case .int8, .uint8:
                destination.copyMemory(from: source, byteCount: count)
            case .int16, .uint16:
                swapped(UInt16.self, source, count, destination)
            case .int32, .uint32, .float32:
                swapped(UInt32.self, source, count, destination)
            case .int64, .uint64, .float64:
                swapped(UInt64.self, source, count, destination)
            }
        case .floatAsDouble:
            for i in 0..<count {
                let bits = UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                destination.storeBytes(of: Double(Float(bitPattern: bits)), toByteOffset: 8 * i, as: Double.self)
            }
        case .ranged(let low, let high, let bits, let output):
            // Same arithmetic as uproot (value·(high−low)/2^bits + low); float32 throughout for Float16_t.
            let factor = (high - low) / Double(UInt64(1) << UInt64(bits))
            if output == .float32 {
                let f = Float(factor), l = Float(low)
                for i in 0..<count {
                    let raw = UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                    destination.storeBytes(of: Float(raw) * f + l, toByteOffset: 4 * i, as: Float.self)
                }
            } else {
                for i in 0..<count {
                    let raw = UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                    destination.storeBytes(of: Double(raw) * factor + low, toByteOffset: 8 * i, as: Double.self)
                }
            }
        case .truncated(let bits, let output):
            // TBufferFile::ReadWithNbits: 8-bit exponent, then a 16-bit mantissa whose bit (bits+1) is the sign.
            for i in 0..<count {
                let exponent = UInt32(source.load(fromByteOffset: 3 * i, as: UInt8.self))
                let mantissa = UInt32(source.load(fromByteOffset: 3 * i + 1, as: UInt8.self)) << 8
                    | UInt32(source.load(fromByteOffset: 3 * i + 2, as: UInt8.self))
                var pattern = exponent << 23
                pattern |= (mantissa & ((1 << (UInt32(bits) + 1)) - 1)) << (23 - UInt32(bits))
                var value = Float(bitPattern: pattern)
                if mantissa & (1 << (UInt32(bits) + 1)) != 0 { value = -value }
                if output == .float32 {
                    destination.storeBytes(of: value, toByteOffset: 4 * i, as: Float.self)
                } else {
                    destination.storeBytes(of: Double(value), toByteOffset: 8 * i, as: Double.self)
                }
            }
        }
    }

    @inline(__always)
    static func swapped<T: FixedWidthInteger>(_ type: T.Type, _ source: UnsafeRawPointer, _ count: Int,
                                              _ destination: UnsafeMutableRawPointer) {
        let width = MemoryLayout<T>.size
        for i in 0..<count {
            destination.storeBytes(of: T(bigEndian: source.loadUnaligned(fromByteOffset: i * width, as: T.self)),
                                   toByteOffset: i * width, as: T.self)
        }
    }

    /// Allocates room for `capacity` values; `fill` writes the raw storage and returns how many it wrote.
    static func makeArray(_ kind: NumericKind, capacity: Int, fill: (UnsafeMutableRawPointer) throws -> Int) throws -> NumericArray {
        func build<T>(_ type: T.Type) throws -> [T] {
            try [T](unsafeUninitializedCapacity: Swift.max(capacity, 1)) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                initialized = Swift.min(try fill(UnsafeMutableRawPointer(base)), capacity)
            }
        }
        switch kind {
        case .bool: return .bool(try build(Bool.self))
        case .int8: return .int8(try build(Int8.self))
        case .uint8: return .uint8(try build(UInt8.self))
        case .int16: return .int16(try build(Int16.self))
        case .uint16: return .uint16(try build(UInt16.self))
        case .int32: return .int32(try build(Int32.self))
        case .uint32: return .uint32(try build(UInt32.self))
        case .int64: return .int64(try build(Int64.self))
        case .uint64: return .uint64(try build(UInt64.self))
        case .float32: return .float32(try build(Float.self))
        case .float64: return .float64(try build(Double.self))
        }
    }

    /// Allocates the typed output array of `count` values and lets `fill` write its raw storage.
    static func makeArray(_ kind: NumericKind, count: Int, fill: (UnsafeMutableRawPointer) throws -> Void) throws -> NumericArray {
        func build<T>(_ type: T.Type) throws -> [T] {
            if count == 0 { return [] }
            return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                try fill(UnsafeMutableRawPointer(base))
                initialized = count
            }
        }
        switch kind {
        case .bool: return .bool(try build(Bool.self))
        case .int8: return .int8(try build(Int8.self))
        case .uint8: return .uint8(try build(UInt8.self))
        case .int16: return .int16(try build(Int16.self))
        case .uint16: return .uint16(try build(UInt16.self))
        case .int32: return .int32(try build(Int32.self))
        case .uint32: return .uint32(try build(UInt32.self))
        case .int64: return .int64(try build(Int64.self))
        case .uint64: return .uint64(try build(UInt64.self))
        case .float32: return .float32(try build(Float.self))
        case .float64: return .float64(try build(Double.self))
        }
    }
}
