import Foundation

/// Evaluates expressions over one partition (a fixed range of events), vectorised over its
/// events. Named definitions are computed once per partition. Single-threaded; each partition
/// gets its own evaluator.
final class PartitionEvaluator {
    let range: Range<Int>
    var eventCount: Int { range.count }
    let schema: Schema
    let definitions: [String: QueryExpression]
    private let column: (String) throws -> ColumnBuffer
    private var memo: [String: Value] = [:]
    private var inProgress: Set<String> = []
    private var sources: [String: CollectionSource] = [:]
    /// Per collection, the offsets storage already checked against its counts (identity only).
    private var verifiedOffsets: [String: UnsafeRawPointer] = [:]

    init(range: Range<Int>, schema: Schema, definitions: [String: QueryExpression], column: @escaping (String) throws -> ColumnBuffer) {
        self.range = range
        self.schema = schema
        self.definitions = definitions
        self.column = column
    }

    func evaluate(_ e: QueryExpression) throws -> Value {
        switch e {
        case .number(let v): return .constant(v)
        case .name(let n, let pos): return try resolve(n, position: pos)
        case .unary(.negate, let x): return try Broadcast.unary(evaluate(x), "unary -") { -$0 }
        case .unary(.not, let x): return try Broadcast.unary(evaluate(x), "not") { Self.truthy($0) ? 0 : 1 }
        case .binary(let op, let a, let b): return try binary(op, evaluate(a), evaluate(b))
        case .call(let name, let args, let pos): return try call(name, args, position: pos)
        case .index(let x, let i, let pos): return try index(x, i, position: pos)
        case .member(let x, let f, let pos): return try member(evaluate(x), f, position: pos)
        }
    }

    /// Non-zero and not missing.
    /// As |x| > 0: one unordered-false comparison, so loops over masks compile without branches.
    @inline(__always) static func truthy(_ x: Double) -> Bool { x.magnitude > 0 }
    /// truthy as 0 or 1, widened from the comparison's bit (a conditional `? 1 : 0` is turned
    /// into a branch by the optimiser, which mispredicts on data-dependent masks).
    @inline(__always) static func truthyCount(_ x: Double) -> Int { Int(unsafeBitCast(truthy(x), to: UInt8.self)) }
    @inline(__always) static func bit(_ b: Bool) -> Double { Double(unsafeBitCast(b, to: UInt8.self)) }

    private func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        let what = "'\(op.rawValue)'"
        switch op {
        case .add: return try Broadcast.binary(a, b, what) { $0 + $1 }
        case .subtract: return try Broadcast.binary(a, b, what) { $0 - $1 }
        case .multiply: return try Broadcast.binary(a, b, what) { $0 * $1 }
        case .divide: return try Broadcast.binary(a, b, what) { $0 / $1 }
        case .modulo: return try Broadcast.binary(a, b, what) { fmod($0, $1) }
        case .power: return try Broadcast.binary(a, b, what) { Foundation.pow($0, $1) }
        // Results as 0/1 from the comparison bits, without branches (masks are data-dependent).
        case .equal: return try Broadcast.binary(a, b, what) { Self.bit($0 == $1) }
        case .notEqual: return try Broadcast.binary(a, b, what) { Self.bit($0 < $1) + Self.bit($0 > $1) }  // 0 with NaN
        case .less: return try Broadcast.binary(a, b, what) { Self.bit($0 < $1) }
        case .lessEqual: return try Broadcast.binary(a, b, what) { Self.bit($0 <= $1) }
        case .greater: return try Broadcast.binary(a, b, what) { Self.bit($0 > $1) }
        case .greaterEqual: return try Broadcast.binary(a, b, what) { Self.bit($0 >= $1) }
        case .and: return try Broadcast.binary(a, b, what) { Double(Self.truthyCount($0) & Self.truthyCount($1)) }
        case .or: return try Broadcast.binary(a, b, what) { Double(Self.truthyCount($0) | Self.truthyCount($1)) }
        }
    }

    // MARK: names

    func resolve(_ name: String, position: Int) throws -> Value {
        if let cached = memo[name] { return cached }
        let value: Value
        if let definition = definitions[name] {
            guard inProgress.insert(name).inserted else {
                throw ColumnarError.type("definition '\(name)' refers to itself")
            }
            defer { inProgress.remove(name) }
            value = try evaluate(definition)
        } else if schema.columns.contains(name) {
            value = try branchValue(name)
        } else if schema.collections[name] != nil {
            value = .collection(CollectionView(source: try collectionSource(name)))
        } else {
            throw ColumnarError.unknownName(name, position: position)
        }
        memo[name] = value
        return value
    }

    /// Offsets of a jagged buffer restricted to this partition, starting at 0, and the value range.
    private func localOffsets(_ buffer: ColumnBuffer) -> (offsets: [Int], values: Range<Int>)? {
        guard let o = buffer.offsets else { return nil }
        let lower = range.lowerBound, count = range.count + 1
        let base = o[lower]
        let local = [Int](unsafeUninitializedCapacity: count) { out, n in
            o.withUnsafeBufferPointer { p in
                for i in 0..<count { out[i] = Int(p[lower + i] &- base) }
            }
            n = count
        }
        return (local, Int(base)..<Int(o[range.upperBound]))
    }

    /// Whether a jagged buffer has, in this partition, exactly the per-event boundaries `offsets`
    /// (compared in place, without building the local copy); returns the value range if so.
    private func valueRange(_ buffer: ColumnBuffer, matching offsets: [Int]) -> Range<Int>? {
        guard let o = buffer.offsets, offsets.count == range.count + 1 else { return nil }
        let lower = range.lowerBound
        let base = o[lower]
        let same = o.withUnsafeBufferPointer { p in
            offsets.withUnsafeBufferPointer { q in
                var differ: Int64 = 0
                for i in 0..<q.count { differ |= (p[lower + i] &- base) ^ Int64(q[i]) }
                return differ == 0
            }
        }
        return same ? Int(base)..<Int(o[range.upperBound]) : nil
    }

    private func branchValue(_ name: String) throws -> Value {
        let buffer = try column(name)
        if let (offsets, values) = localOffsets(buffer) {
            return .jagged(buffer.data.doubles(values), offsets: offsets)
        }
        return .event(buffer.data.doubles(range))
    }

    func collectionSource(_ name: String) throws -> CollectionSource {
        if let s = sources[name] { return s }
        guard let fields = schema.collections[name] else { throw ColumnarError.type("no collection '\(name)'") }
        var offsets: [Int]
        var onePerEvent = false
        if let counter = schema.counterName(name), case let counts = try column(counter), counts.offsets == nil {
            offsets = try Self.runningCounts(counts.data, range, counter)
        } else if let jagged = try fields.lazy.map({ try self.column("\(name)_\($0)") }).first(where: { $0.isJagged }),
                  let local = localOffsets(jagged) {
            offsets = local.offsets
        } else {
            offsets = Array(0...eventCount)
            onePerEvent = true
        }
        let knownFields = Set(fields)
        // A field's column and the values of this partition's objects in it.
        let slicer: (String) throws -> (ColumnData, Range<Int>) = { [unowned self] field in
            guard knownFields.contains(field) else {
                throw ColumnarError.type("collection '\(name)' has no field '\(field)' (fields: \(fields.joined(separator: ", ")))")
            }
            let buffer = try self.column("\(name)_\(field)")
            if let o = buffer.offsets {
                // The fields of a collection usually share one offsets array (the Dataset pools
                // them): compared with the collection's counts once, recognised by address after.
                let storage = o.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
                if let storage, self.verifiedOffsets[name] == storage {
                    return (buffer.data, Int(o[self.range.lowerBound])..<Int(o[self.range.upperBound]))
                }
                guard let values = self.valueRange(buffer, matching: offsets) else {
                    throw ColumnarError.invalidColumn("'\(name)_\(field)' does not have the object counts of '\(name)' in events \(self.range)")
                }
                self.verifiedOffsets[name] = storage
                return (buffer.data, values)
            }
            guard onePerEvent else {
                throw ColumnarError.type("'\(name)_\(field)' has one value per event but '\(name)' is a list collection")
            }
            return (buffer.data, self.range)
        }
        let source = CollectionSource(name: name, offsets: offsets, oneObjectPerEvent: onePerEvent, loader: { field in
            if field == "src" { return [Double](repeating: 0, count: offsets.last ?? 0) }
            let (data, values) = try slicer(field)
            return data.doubles(values)
        }, slicer: slicer)
        sources[name] = source
        return source
    }

    /// Offsets (starting at 0) from the per-event counts of a counter branch over `range`.
    static func runningCounts(_ data: ColumnData, _ range: Range<Int>, _ counter: String) throws -> [Int] {
        func scan<T: BinaryInteger>(_ a: [T]) -> [Int]? {
            var negative = false
            let out = [Int](unsafeUninitializedCapacity: range.count + 1) { out, n in
                a.withUnsafeBufferPointer { p in
                    var total = 0
                    out[0] = 0
                    for e in 0..<range.count {
                        let c = Int(p[range.lowerBound + e])
                        negative = negative || c < 0
                        total &+= c
                        out[e + 1] = total
                    }
                }
                n = range.count + 1
            }
            return negative ? nil : out
        }
        let fast: [Int]??
        switch data {
        case .int32(let a): fast = scan(a)
        case .uint32(let a): fast = scan(a)
        case .int64(let a): fast = scan(a)
        case .int16(let a): fast = scan(a)
        case .uint8(let a): fast = scan(a)
        default: fast = .none
        }
        if case .some(.some(let offsets)) = fast { return offsets }
        // Other types, or a negative count to report.
        var offsets = [Int](repeating: 0, count: range.count + 1)
        for e in 0..<range.count {
            let c = Int(data.integer(at: range.lowerBound + e))
            guard c >= 0 else { throw ColumnarError.invalidColumn("counter '\(counter)' is negative at entry \(range.lowerBound + e)") }
            offsets[e + 1] = offsets[e] + c
        }
        return offsets
    }

    // MARK: members

    func member(_ base: Value, _ field: String, position: Int) throws -> Value {
        switch base {
        case .collection(let view):
            return try view.field(field)
        case .tuples(let tuples):
            if let k = Int(field) {
                guard k >= 0, k < tuples.members.count else {
                    throw ColumnarError.type("member .\(field) at position \(position): combinations have members .0 to .\(tuples.members.count - 1)")
                }
                return .collection(tuples.member(k))
            }
            if let last = field.last, let k = Int(String(last)), k >= 1, k <= tuples.members.count, field.count > 1 {
                return try tuples.member(k - 1).field(String(field.dropLast()))
            }
            throw ColumnarError.type("field '\(field)' at position \(position): use .0/.1/… or e.g. pt1, pt2 on combinations")
        default:
            throw ColumnarError.type("'.\(field)' at position \(position) needs a collection, got \(base.kindName)")
        }
    }

    // MARK: indexing and masks

    /// Boolean-valued expressions select (`x[cond]`); numeric ones pick an element (`x[0]`).
    func isBoolean(_ e: QueryExpression) -> Bool {
        switch e {
        case .binary(let op, _, _):
            return [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or].contains(op)
        case .unary(.not, _): return true
        case .call(let f, _, _): return ["any", "all"].contains(f)
        case .name(let n, _):
            if let d = definitions[n] { return isBoolean(d) }
            if let c = try? column(n), case .bool = c.data { return true }
            return false
        case .index(let x, _, _): return isBoolean(x)
        default: return false
        }
    }

    private func index(_ x: QueryExpression, _ i: QueryExpression, position: Int) throws -> Value {
        let base = try evaluate(x)
        let selector = try evaluate(i)
        if case .jagged = selector { return try mask(base, selector, position: position) }
        if isBoolean(i) { return try mask(base, selector, position: position) }
        return try pick(base, selector, position: position)
    }

    private func listOffsets(_ v: Value, position: Int) throws -> [Int] {
        switch v {
        case .jagged(_, let o): return o
        case .collection(let c) where !c.singular: return c.offsets
        case .tuples(let t) where !t.singular: return t.offsets
        default: throw ColumnarError.type("indexing at position \(position) needs a list per event, got \(v.kindName)")
        }
    }

    /// Keeps the objects whose mask is true (a per-event mask keeps or drops whole events' lists).
    func mask(_ base: Value, _ selector: Value, position: Int) throws -> Value {
        let offsets = try listOffsets(base, position: position)
        let keep = try Broadcast.broadcastToLists(selector, offsets: offsets, "mask at position \(position)")
        let events = offsets.count - 1
        var newOffsets = [Int](repeating: 0, count: offsets.count)
        if case .jagged(let d, _) = base {
            // Values kept directly, one branch-free pass (write every value, advance past kept ones).
            let values = [Double](unsafeUninitializedCapacity: d.count) { buffer, count in
                var c = 0
                keep.withUnsafeBufferPointer { kp in
                    d.withUnsafeBufferPointer { dp in
                        offsets.withUnsafeBufferPointer { op in
                            newOffsets.withUnsafeMutableBufferPointer { no in
                                for e in 0..<events {
                                    for k in op[e]..<op[e + 1] {
                                        buffer[c] = dp[k]
                                        c &+= Self.truthyCount(kp[k])
                                    }
                                    no[e + 1] = c
                                }
                            }
                        }
                    }
                }
                count = c
            }
            return .jagged(values, offsets: newOffsets)
        }
        // Branch-free compaction of the kept element numbers.
        let kept = [Int](unsafeUninitializedCapacity: keep.count) { buffer, count in
            var c = 0
            keep.withUnsafeBufferPointer { kp in
                offsets.withUnsafeBufferPointer { op in
                    newOffsets.withUnsafeMutableBufferPointer { no in
                        for e in 0..<events {
                            for k in op[e]..<op[e + 1] {
                                buffer[c] = k
                                c &+= Self.truthyCount(kp[k])
                            }
                            no[e + 1] = c
                        }
                    }
                }
            }
            count = c
        }
        switch base {
        case .collection(let c):
            return .collection(CollectionView(source: c.source, offsets: newOffsets, index: c.index.map { idx in kept.map { idx[$0] } } ?? kept, singular: false))
        case .tuples(let t):
            return .tuples(TupleView(source: t.source, offsets: newOffsets, members: t.members.map { m in kept.map { m[$0] } }, singular: false))
        default: throw ColumnarError.type("cannot mask \(base.kindName)")
        }
    }

    /// Element i of every event's list (negative i counts from the end; missing → NaN / no object).
    func pick(_ base: Value, _ selector: Value, position: Int) throws -> Value {
        let offsets = try listOffsets(base, position: position)
        let events = offsets.count - 1
        let which: [Double]
        switch try Broadcast.numbers(selector, "index at position \(position)") {
        case .constant(let i): which = [Double](repeating: i, count: events)
        case .event(let d): which = d
        default: throw ColumnarError.type("index at position \(position) must be one number per event")
        }
        var chosen = [Int](repeating: -1, count: events)
        for e in 0..<events {
            let n = offsets[e + 1] - offsets[e]
            let raw = which[e]
            guard raw == raw, raw == raw.rounded(.towardZero), abs(raw) < 1e15 else { continue }
            var i = Int(raw)
            if i < 0 { i += n }
            if i >= 0, i < n { chosen[e] = offsets[e] + i }
        }
        var newOffsets = [Int](repeating: 0, count: events + 1)
        var kept: [Int] = []
        for e in 0..<events {
            if chosen[e] >= 0 { kept.append(chosen[e]) }
            newOffsets[e + 1] = kept.count
        }
        switch base {
        case .jagged(let d, _): return .event(chosen.map { $0 >= 0 ? d[$0] : .nan })
        case .collection(let c):
            return .collection(CollectionView(source: c.source, offsets: newOffsets, index: kept.map { c.sourceElement($0) }, singular: true))
        case .tuples(let t):
            return .tuples(TupleView(source: t.source, offsets: newOffsets, members: t.members.map { m in kept.map { m[$0] } }, singular: true))
        default: throw ColumnarError.type("cannot index \(base.kindName)")
        }
    }
}
