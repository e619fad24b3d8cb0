import Foundation

// Element-wise arithmetic with broadcasting: a constant goes with anything, a per-event number
// is repeated for every object of its event, and two lists must have the same length in every event.

enum Broadcast {
    @inline(__always)
    static func numbers(_ v: Value, _ what: String) throws -> Value {
        switch v {
        case .constant, .event, .jagged: return v
        case .collection, .tuples:
            throw ColumnarError.type("\(what) needs numbers, got \(v.kindName) (select a field, e.g. .pt)")
        }
    }

    @inline(__always)
    static func unary(_ v: Value, _ what: String, _ f: (Double) -> Double) throws -> Value {
        switch try numbers(v, what) {
        case .constant(let x): return .constant(f(x))
        case .event(let d): return .event(mapValues(d, f))
        case .jagged(let d, let o): return .jagged(mapValues(d, f), offsets: o)
        default: throw ColumnarError.type("\(what): unexpected \(v.kindName)")
        }
    }

    @inline(__always)
    static func binary(_ a: Value, _ b: Value, _ what: String, _ f: (Double, Double) -> Double) throws -> Value {
        switch (try numbers(a, what), try numbers(b, what)) {
        case (.constant(let x), .constant(let y)): return .constant(f(x, y))
        case (.constant(let x), .event(let d)): return .event(mapValues(d) { f(x, $0) })
        case (.event(let d), .constant(let y)): return .event(mapValues(d) { f($0, y) })
        case (.constant(let x), .jagged(let d, let o)): return .jagged(mapValues(d) { f(x, $0) }, offsets: o)
        case (.jagged(let d, let o), .constant(let y)): return .jagged(mapValues(d) { f($0, y) }, offsets: o)
        case (.event(let x), .event(let y)):
            try sameEvents(x.count, y.count, what)
            return .event(zipMap(x, y, f))
        case (.event(let x), .jagged(let d, let o)):
            try sameEvents(x.count, o.count - 1, what)
            return .jagged(expand(x, d, o) { xv, dv in f(xv, dv) }, offsets: o)
        case (.jagged(let d, let o), .event(let y)):
            try sameEvents(y.count, o.count - 1, what)
            return .jagged(expand(y, d, o) { yv, dv in f(dv, yv) }, offsets: o)
        case (.jagged(let x, let ox), .jagged(let y, let oy)):
            try sameLists(ox, oy, what)
            return .jagged(zipMap(x, y, f), offsets: ox)
        default:
            throw ColumnarError.type("\(what): cannot combine \(a.kindName) with \(b.kindName)")
        }
    }

    @inline(__always)
    static func mapValues(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count) { out, count in
            x.withUnsafeBufferPointer { px in
                for i in 0..<px.count { out[i] = f(px[i]) }
            }
            count = x.count
        }
    }

    @inline(__always)
    static func zipMap(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count) { out, count in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    for i in 0..<px.count { out[i] = f(px[i], py[i]) }
                }
            }
            count = x.count
        }
    }

    /// Applies f(perEvent[e], d[k]) for every object k of event e.
    @inline(__always)
    static func expand(_ perEvent: [Double], _ d: [Double], _ offsets: [Int], _ f: (Double, Double) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: d.count)
        for e in 0..<(offsets.count - 1) {
            let v = perEvent[e]
            for k in offsets[e]..<offsets[e + 1] { out[k] = f(v, d[k]) }
        }
        return out
    }

    static func sameEvents(_ a: Int, _ b: Int, _ what: String) throws {
        guard a == b else { throw ColumnarError.type("\(what): \(a) events vs \(b) events") }
    }

    /// Two lists line up only if every event has the same number of objects in both.
    static func sameLists(_ a: [Int], _ b: [Int], _ what: String) throws {
        guard a != b else { return }
        guard a.count == b.count else { throw ColumnarError.type("\(what): \(a.count - 1) events vs \(b.count - 1) events") }
        let e = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
        throw ColumnarError.type("\(what): lists of different lengths (first difference at event \(max(e - 1, 0)) of the partition); select from the same collection on both sides")
    }

    /// Per-event values repeated onto a list layout.
    static func broadcastToLists(_ v: Value, offsets: [Int], _ what: String) throws -> [Double] {
        switch try numbers(v, what) {
        case .constant(let x): return [Double](repeating: x, count: offsets.last ?? 0)
        case .event(let d):
            try sameEvents(d.count, offsets.count - 1, what)
            var out = [Double](repeating: 0, count: offsets.last ?? 0)
            for e in 0..<d.count { for k in offsets[e]..<offsets[e + 1] { out[k] = d[e] } }
            return out
        case .jagged(let d, let o):
            try sameLists(o, offsets, what)
            return d
        default: throw ColumnarError.type("\(what): unexpected \(v.kindName)")
        }
    }
}
