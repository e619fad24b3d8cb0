import Foundation

/// (pt, eta, phi, mass) four-vector helpers, computed element-wise with broadcasting.
enum FourVector {
    /// (px, py, pz, E) of one object.
    @inline(__always)
    static func cartesian(pt: Double, eta: Double, phi: Double, mass: Double) -> (Double, Double, Double, Double) {
        let pz = pt * FourVectorMath.sinh(eta)
        let (sine, cosine) = FourVectorMath.sinCos(phi)
        return (pt * cosine, pt * sine, pz, (pt * pt + pz * pz + mass * mass).squareRoot())
    }

    /// φ1 − φ2 wrapped to [−π, π) as ((Δφ + π) mod 2π) − π with a floored modulo.
    @inline(__always)
    static func deltaPhi(_ a: Double, _ b: Double) -> Double {
        let twoPi = 2 * Double.pi
        var r = fmod(a - b + .pi, twoPi)
        if r < 0 { r += twoPi }
        return r - .pi
    }

    static func deltaR(_ eta1: Value, _ phi1: Value, _ eta2: Value, _ phi2: Value, _ what: String) throws -> Value {
        let deta = try Broadcast.binary(eta1, eta2, what) { $0 - $1 }
        let dphi = try Broadcast.binary(phi1, phi2, what) { deltaPhi($0, $1) }
        return try Broadcast.binary(deta, dphi, what) { ($0 * $0 + $1 * $1).squareRoot() }
    }

    /// mT = sqrt(2 pt1 pt2 (1 − cos Δφ)).
    static func transverseMass(_ pt1: Value, _ phi1: Value, _ pt2: Value, _ phi2: Value, _ what: String) throws -> Value {
        let ptProduct = try Broadcast.binary(pt1, pt2, what) { 2 * $0 * $1 }
        let cosine = try Broadcast.binary(phi1, phi2, what) { 1 - cos(deltaPhi($0, $1)) }
        return try Broadcast.binary(ptProduct, cosine, what) { ($0 * $1).squareRoot() }
    }

    /// A component of the vector sum of the objects given: one `combinations` value (sums its
    /// members) or several collections/objects of the same layout.
    static func sum(of args: [Value], component: String, _ what: String) throws -> Value {
        var views: [CollectionView] = []
        for a in args {
            switch a {
            case .tuples(let t): views.append(contentsOf: (0..<t.members.count).map { t.member($0) })
            case .collection(let c): views.append(c)
            default: throw ColumnarError.type("\(what) needs collections or combinations with pt, eta, phi, mass, got \(a.kindName)")
            }
        }
        if let first = views.first, views.allSatisfy({ $0.offsets == first.offsets && $0.singular == first.singular }) {
            return try sumSameLayout(views, component: component)
        }
        var px: Value = .constant(0), py: Value = .constant(0), pz: Value = .constant(0), energy: Value = .constant(0)
        for v in views {
            let pt = try v.field("pt"), eta = try v.field("eta"), phi = try v.field("phi"), mass = try v.field("mass")
            // The same functions and the same arithmetic as `cartesian` (the same-layout path).
            let x = try Broadcast.binary(pt, phi, what) { $0 * FourVectorMath.sinCos($1).cos }
            let y = try Broadcast.binary(pt, phi, what) { $0 * FourVectorMath.sinCos($1).sin }
            let z = try Broadcast.binary(pt, eta, what) { $0 * FourVectorMath.sinh($1) }
            let p2 = try Broadcast.binary(pt, eta, what) { let pz = $0 * FourVectorMath.sinh($1); return $0 * $0 + pz * pz }
            let e = try Broadcast.binary(p2, mass, what) { ($0 + $1 * $1).squareRoot() }
            px = try Broadcast.binary(px, x, what, +)
            py = try Broadcast.binary(py, y, what, +)
            pz = try Broadcast.binary(pz, z, what, +)
            energy = try Broadcast.binary(energy, e, what, +)
        }
        let pt = try Broadcast.binary(px, py, what) { ($0 * $0 + $1 * $1).squareRoot() }
        switch component {
        case "vsum_pt": return pt
        case "vsum_phi": return try Broadcast.binary(py, px, what) { atan2($0, $1) }
        case "vsum_eta": return try Broadcast.binary(pz, pt, what) { asinh($0 / $1) }
        default:  // invmass, vsum_mass
            let p2 = try Broadcast.binary(pt, pz, what) { $0 * $0 + $1 * $1 }
            return try Broadcast.binary(energy, p2, what) { Swift.max($0 * $0 - $1, 0).squareRoot() }
        }
    }
}

extension FourVector {
    /// Fast path: objects that line up one to one (members of combinations, or collections of the
    /// same layout) are summed in one loop over cached (px, py, pz, E), without temporaries.
    static func sumSameLayout(_ views: [CollectionView], component: String) throws -> Value {
        let first = views[0]
        let n = first.elementCount
        let identity = views.contains { $0.index == nil } ? Array(0..<n) : []
        let lists = views.map { $0.index ?? identity }
        // Each source computes the vectors of the objects its views use, once.
        var sources: [CollectionSource] = []
        for v in views where !sources.contains(where: { $0 === v.source }) { sources.append(v.source) }
        for s in sources {
            try s.withCartesian(needed: zip(views, lists).filter { $0.0.source === s }.map(\.1)) { _ in }
        }
        var out = [Double](repeating: 0, count: n)
        let kind = componentKind(component)
        if sources.count == 1 {
            try sources[0].withCartesian(needed: []) { c in Self.sumMembers(c, lists, kind: kind, into: &out) }
        } else {
            let vectors = try sources.map { s in try s.withCartesian(needed: []) { Array($0) } }
            let which = views.map { v in sources.firstIndex { $0 === v.source } ?? 0 }
            for i in 0..<n {
                var px = 0.0, py = 0.0, pz = 0.0, e = 0.0
                for k in 0..<views.count {
                    let j = 4 * lists[k][i]
                    let c = vectors[which[k]]
                    px += c[j]; py += c[j + 1]; pz += c[j + 2]; e += c[j + 3]
                }
                out[i] = value(px, py, pz, e, kind)
            }
        }
        return first.singular ? .event(CollectionView.perEvent(out, offsets: first.offsets)) : .jagged(out, offsets: first.offsets)
    }

    /// Sums over the members of one source; each sum starts from 0 like the general loop.
    private static func sumMembers(_ c: UnsafeBufferPointer<Double>, _ lists: [[Int]], kind: Int, into out: inout [Double]) {
        out.withUnsafeMutableBufferPointer { o in
            if lists.count == 2 {
                // Pairs, the common case: two index streams without the inner loop.
                lists[0].withUnsafeBufferPointer { a in
                    lists[1].withUnsafeBufferPointer { b in
                        for i in 0..<o.count {
                            let j = 4 * a[i], k = 4 * b[i]
                            o[i] = value(0 + c[j] + c[k], 0 + c[j + 1] + c[k + 1], 0 + c[j + 2] + c[k + 2],
                                         0 + c[j + 3] + c[k + 3], kind)
                        }
                    }
                }
                return
            }
            for i in 0..<o.count {
                var px = 0.0, py = 0.0, pz = 0.0, e = 0.0
                for list in lists {
                    let j = 4 * list[i]
                    px += c[j]; py += c[j + 1]; pz += c[j + 2]; e += c[j + 3]
                }
                o[i] = value(px, py, pz, e, kind)
            }
        }
    }

    private static func componentKind(_ name: String) -> Int {
        switch name {
        case "vsum_pt": return 1
        case "vsum_phi": return 2
        case "vsum_eta": return 3
        default: return 0
        }
    }

    @inline(__always)
    private static func value(_ px: Double, _ py: Double, _ pz: Double, _ e: Double, _ kind: Int) -> Double {
        let pt = (px * px + py * py).squareRoot()
        switch kind {
        case 1: return pt
        case 2: return atan2(py, px)
        case 3: return asinh(pz / pt)
        default: return Swift.max(e * e - (pt * pt + pz * pz), 0).squareRoot()
        }
    }
}

/// Combinations within events and cross-collection distances.
enum Combinatorics {
    /// All k-subsets (k = 2, 3) of each event's objects, in lexicographic order of indices.
    static func combinations(_ view: CollectionView, k: Int) throws -> TupleView {
        let events = view.offsets.count - 1
        let offsets = [Int](unsafeUninitializedCapacity: events + 1) { out, count in
            view.offsets.withUnsafeBufferPointer { o in
                out[0] = 0
                for e in 0..<events {
                    let n = o[e + 1] - o[e]
                    out[e + 1] = out[e] + (k == 2 ? n * (n - 1) / 2 : n * (n - 1) * (n - 2) / 6)
                }
            }
            count = events + 1
        }
        if k == 2 { return pairs(view, offsets: offsets) }
        let total = offsets[events]
        // Source element of every view element (identity when the view is unfiltered).
        let element = view.index ?? []
        let direct = view.index == nil
        var members = [[Int]](repeating: [], count: k)
        for m in 0..<k {
            members[m] = [Int](unsafeUninitializedCapacity: total) { out, count in
                element.withUnsafeBufferPointer { idx in
                    var t = 0
                    for e in 0..<events {
                        let lo = view.offsets[e], hi = view.offsets[e + 1]
                        guard hi - lo >= k else { continue }
                        // Member m of the lexicographic k-subsets of lo..<hi.
                        if k == 2 {
                            for i in lo..<hi {
                                for j in (i + 1)..<hi {
                                    let pick = m == 0 ? i : j
                                    out[t] = direct ? pick : idx[pick]
                                    t += 1
                                }
                            }
                        } else {
                            for i in lo..<hi {
                                for j in (i + 1)..<hi {
                                    for l in (j + 1)..<max(hi, j + 1) {
                                        let pick = m == 0 ? i : (m == 1 ? j : l)
                                        out[t] = direct ? pick : idx[pick]
                                        t += 1
                                    }
                                }
                            }
                        }
                    }
                    count = t
                }
            }
        }
        return TupleView(source: view.source, offsets: offsets, members: members, singular: false)
    }

    /// Pairs (i < j) of each event's objects, both members in one pass over the events.
    private static func pairs(_ view: CollectionView, offsets: [Int]) -> TupleView {
        let events = offsets.count - 1
        let total = offsets[events]
        var second: [Int] = []
        // 3 spare slots: events of up to 3 objects write all three candidate pairs unconditionally.
        let first = [Int](unsafeUninitializedCapacity: total + 3) { a, countA in
            second = [Int](unsafeUninitializedCapacity: total + 3) { b, countB in
                view.offsets.withUnsafeBufferPointer { o in
                    (view.index ?? []).withUnsafeBufferPointer { idx in
                        let direct = view.index == nil
                        var t = 0
                        for e in 0..<events {
                            let lo = o[e], hi = o[e + 1]
                            let n = hi - lo
                            if direct && n <= 3 {
                                // Without branches on the (random) object count: the pairs of
                                // lo, lo+1, lo+2 in order; only the first n(n-1)/2 are kept, the
                                // rest is overwritten by the next event or lies past the end.
                                a[t] = lo; b[t] = lo + 1
                                a[t + 1] = lo; b[t + 1] = lo + 2
                                a[t + 2] = lo + 1; b[t + 2] = lo + 2
                                t += n * (n - 1) / 2
                                continue
                            }
                            if n < 2 { continue }
                            var i = lo
                            while i < hi - 1 {
                                let si = direct ? i : idx[i]
                                var j = i + 1
                                while j < hi {
                                    a[t] = si
                                    b[t] = direct ? j : idx[j]
                                    t += 1
                                    j += 1
                                }
                                i += 1
                            }
                        }
                        countB = t
                    }
                }
            }
            countA = second.count
        }
        return TupleView(source: view.source, offsets: offsets, members: [first, second], singular: false)
    }

    /// For each object of `a`, the smallest ΔR to any object of `b` in the same event (+inf if none).
    static func minDeltaR(_ a: CollectionView, _ b: CollectionView, _ what: String) throws -> Value {
        guard a.offsets.count == b.offsets.count else { throw ColumnarError.type("\(what): collections over different events") }
        let aEta = try a.source.field("eta"), aPhi = try a.source.field("phi")
        let bEta = try b.source.field("eta"), bPhi = try b.source.field("phi")
        var out = [Double](repeating: .infinity, count: a.elementCount)
        for e in 0..<(a.offsets.count - 1) {
            for i in a.offsets[e]..<a.offsets[e + 1] {
                let ia = a.sourceElement(i)
                var best = Double.infinity
                for j in b.offsets[e]..<b.offsets[e + 1] {
                    let jb = b.sourceElement(j)
                    let deta = aEta[ia] - bEta[jb], dphi = FourVector.deltaPhi(aPhi[ia], bPhi[jb])
                    best = Swift.min(best, (deta * deta + dphi * dphi).squareRoot())
                }
                out[i] = best
            }
        }
        return a.singular ? .event(CollectionView.perEvent(out, offsets: a.offsets)) : .jagged(out, offsets: a.offsets)
    }
}
