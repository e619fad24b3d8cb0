import Foundation

/// The functions of the expression language, by kind (documented in the QueryScript doc comment).
enum FunctionTable {
    static let unary: [String: @Sendable (Double) -> Double] = [
        "abs": { Swift.abs($0) }, "sqrt": { $0.squareRoot() }, "exp": { Foundation.exp($0) },
        "log": { Foundation.log($0) }, "log10": { Foundation.log10($0) }, "log2": { Foundation.log2($0) },
        "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) }, "tan": { Foundation.tan($0) },
        "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) }, "atan": { Foundation.atan($0) },
        "sinh": { Foundation.sinh($0) }, "cosh": { Foundation.cosh($0) }, "tanh": { Foundation.tanh($0) },
        "floor": { $0.rounded(.down) }, "ceil": { $0.rounded(.up) }, "round": { $0.rounded() },
        "sign": { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }, "isnan": { $0.isNaN ? 1 : 0 },
    ]
    static let binary: [String: @Sendable (Double, Double) -> Double] = [
        "atan2": { Foundation.atan2($0, $1) }, "pow": { Foundation.pow($0, $1) },
        "hypot": { Foundation.hypot($0, $1) }, "fmod": { Foundation.fmod($0, $1) },
        "deltaPhi": { FourVector.deltaPhi($0, $1) },
    ]
    static let reductions: Set<String> = ["count", "len", "num", "sum", "min", "max", "mean", "any", "all",
                                          "argmin", "argmax", "first", "last"]
    static let fourVector: Set<String> = ["invmass", "vsum_mass", "vsum_pt", "vsum_eta", "vsum_phi"]

    static func impliedFields(_ function: String) -> Set<String> {
        if fourVector.contains(function) { return ["pt", "eta", "phi", "mass"] }
        switch function {
        case "deltaR", "mindR": return ["eta", "phi"]
        case "mt": return ["pt", "phi"]
        default: return []
        }
    }
}

extension PartitionEvaluator {
    func call(_ name: String, _ args: [QueryExpression], position: Int) throws -> Value {
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(args.count) else {
                let expected = n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)"
                throw ColumnarError.type("\(name)() at position \(position) takes \(expected) argument(s), got \(args.count)")
            }
        }
        let what = "\(name)() at position \(position)"
        if let f = FunctionTable.unary[name] {
            try arity(1...1)
            // The common cheap ones inline (no call through the table's closure per value).
            switch name {
            case "abs": return try Broadcast.unary(evaluate(args[0]), what) { Swift.abs($0) }
            case "sqrt": return try Broadcast.unary(evaluate(args[0]), what) { $0.squareRoot() }
            default: return try Broadcast.unary(evaluate(args[0]), what, f)
            }
        }
        if let f = FunctionTable.binary[name] {
            try arity(2...2)
            return try Broadcast.binary(evaluate(args[0]), evaluate(args[1]), what, f)
        }
        if (name == "min" || name == "max") && args.count >= 2 {
            var acc = try evaluate(args[0])
            for a in args.dropFirst() {
                acc = try Broadcast.binary(acc, evaluate(a), what, name == "min" ? Self.nanMin : Self.nanMax)
            }
            return acc
        }
        if FunctionTable.reductions.contains(name) {
            try arity(1...1)
            return try reduce(name, evaluate(args[0]), what)
        }
        if FunctionTable.fourVector.contains(name) {
            try arity(1...8)
            return try FourVector.sum(of: args.map { try evaluate($0) }, component: name, what)
        }
        switch name {
        case "combinations":
            try arity(2...2)
            guard case .number(let k) = args[1], k == 2 || k == 3 else {
                throw ColumnarError.type("\(what): the second argument must be 2 or 3")
            }
            return .tuples(try Combinatorics.combinations(collectionArgument(evaluate(args[0]), what), k: Int(k)))
        case "concat":
            try arity(1...8)
            let views = try args.map { try collectionArgument(evaluate($0), what) }
            let source = try CollectionSource.concatenation(views, name: "concat")
            return .collection(CollectionView(source: source))
        case "deltaR":
            if args.count == 2 {
                let a = try collectionArgument(evaluate(args[0]), what), b = try collectionArgument(evaluate(args[1]), what)
                return try FourVector.deltaR(a.field("eta"), a.field("phi"), b.field("eta"), b.field("phi"), what)
            }
            try arity(4...4)
            return try FourVector.deltaR(evaluate(args[0]), evaluate(args[1]), evaluate(args[2]), evaluate(args[3]), what)
        case "mt":
            if args.count == 2 {
                let a = try collectionArgument(evaluate(args[0]), what), b = try collectionArgument(evaluate(args[1]), what)
                return try FourVector.transverseMass(a.field("pt"), a.field("phi"), b.field("pt"), b.field("phi"), what)
            }
            try arity(4...4)
            return try FourVector.transverseMass(evaluate(args[0]), evaluate(args[1]), evaluate(args[2]), evaluate(args[3]), what)
        case "mindR":
            try arity(2...2)
            return try Combinatorics.minDeltaR(collectionArgument(evaluate(args[0]), what), collectionArgument(evaluate(args[1]), what), what)
        case "where":
            try arity(3...3)
            let c = try evaluate(args[0]), a = try evaluate(args[1]), b = try evaluate(args[2])
            // select via masks that keep NaNs of the unchosen branch out: c*a + (1-c)*b would spread them
            let chooseA = try Broadcast.binary(c, a, what) { Self.truthy($0) ? $1 : 0 }
            let chooseB = try Broadcast.binary(c, b, what) { Self.truthy($0) ? 0 : $1 }
            return try Broadcast.binary(chooseA, chooseB, what) { $0 + $1 }
        default:
            throw ColumnarError.type("unknown function '\(name)' at position \(position)")
        }
    }

    static func nanMin(_ a: Double, _ b: Double) -> Double { a.isNaN ? a : (b.isNaN ? b : Swift.min(a, b)) }
    static func nanMax(_ a: Double, _ b: Double) -> Double { a.isNaN ? a : (b.isNaN ? b : Swift.max(a, b)) }

    func collectionArgument(_ v: Value, _ what: String) throws -> CollectionView {
        guard case .collection(let c) = v else { throw ColumnarError.type("\(what) needs a collection, got \(v.kindName)") }
        return c
    }

    /// Per-event reductions of lists. Empty events: count 0, sum 0, any false, all true, and
    /// min/max/mean/argmin/argmax/first/last missing (NaN). NaN elements are ignored by min, max,
    /// argmin and argmax.
    func reduce(_ name: String, _ v: Value, _ what: String) throws -> Value {
        let offsets: [Int]
        var data: [Double] = []
        switch v {
        case .jagged(let d, let o): offsets = o; data = d
        case .collection(let c): offsets = c.offsets
        case .tuples(let t): offsets = t.offsets
        default: throw ColumnarError.type("\(what) reduces a list per event, got \(v.kindName)")
        }
        let events = offsets.count - 1
        if ["count", "len", "num"].contains(name) {
            return .event((0..<events).map { Double(offsets[$0 + 1] - offsets[$0]) })
        }
        guard case .jagged = v else { throw ColumnarError.type("\(what) needs numbers, got \(v.kindName) (select a field, e.g. .pt)") }
        var out = [Double](repeating: 0, count: events)
        let kind = name
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { d in
                offsets.withUnsafeBufferPointer { off in
                    Self.reduceLoop(kind, d, off, o)
                }
            }
        }
        return .event(out)
    }

    private static func reduceLoop(_ name: String, _ d: UnsafeBufferPointer<Double>, _ offsets: UnsafeBufferPointer<Int>,
                                   _ out: UnsafeMutableBufferPointer<Double>) {
        let events = out.count
        switch name {
        case "sum", "mean":
            let isSum = name == "sum"
            var k = events > 0 ? offsets[0] : 0
            for e in 0..<events {
                let start = k, end = offsets[e + 1]
                var s = 0.0
                while k < end { s += d[k]; k += 1 }
                out[e] = isSum ? s : (end > start ? s / Double(end - start) : .nan)
            }
        case "any", "all":
            // No early exit: lists are short and most events are empty, so a plain running
            // loop over the elements beats a range per event.
            // any: some element true; all: no element false (flip = 1 counts the false ones).
            // Running counts over the elements, then one difference per event: no loop per event,
            // whose trip count (0, 1, 3 … pairs) would be mispredicted.
            let flip = name == "any" ? 0 : 1
            let base = events > 0 ? offsets[0] : 0
            let elements = events > 0 ? offsets[events] - base : 0
            let running = [Int](unsafeUninitializedCapacity: elements + 1) { r, count in
                r[0] = 0
                var c = 0
                for i in 0..<elements {
                    c &+= truthyCount(d[base + i]) ^ flip
                    r[i + 1] = c
                }
                count = elements + 1
            }
            running.withUnsafeBufferPointer { r in
                for e in 0..<events {
                    let hits = r[offsets[e + 1] - base] &- r[offsets[e] - base]
                    out[e] = Double(Int(unsafeBitCast(hits > 0, to: UInt8.self)) ^ flip)
                }
            }
        case "first":
            for e in 0..<events { out[e] = offsets[e + 1] > offsets[e] ? d[offsets[e]] : .nan }
        case "last":
            for e in 0..<events { out[e] = offsets[e + 1] > offsets[e] ? d[offsets[e + 1] - 1] : .nan }
        default:  // min, max, argmin, argmax
            let wantMin = name == "min" || name == "argmin"
            let wantIndex = name.hasPrefix("arg")
            for e in 0..<events {
                let lo = offsets[e]
                var best = -1
                for k in lo..<offsets[e + 1] where !d[k].isNaN {
                    if best < 0 || (wantMin ? d[k] < d[best] : d[k] > d[best]) { best = k }
                }
                out[e] = best < 0 ? .nan : (wantIndex ? Double(best - lo) : d[best])
            }
        }
    }
}
