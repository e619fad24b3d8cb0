import Foundation

/// (pt, eta, phi, mass) four-vector helpers, computed element-wise with broadcasting.
enum FourVector {
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
            let x = try Broadcast.binary(pt, phi, what) { $0 * cos($1) }
            let y = try Broadcast.binary(pt, phi, what) { $0 * sin($1) }
            let z = try Broadcast.binary(pt, eta, what) { $0 * sinh($1) }
            let p2 = try Broadcast.binary(pt, eta, what) { let pz = $0 * sinh($1); return $0 * $0 + pz * pz }
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
    /// same layout) are summed in one loop over the source fields, without temporaries.
    static func sumSameLayout(_ views: [CollectionView], component: String) throws -> Value {
        let vectors = try views.map { try $0.source.cartesian() }
        let first = views[0]
        let n = first.elementCount
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var px = 0.0, py = 0.0, pz = 0.0, e = 0.0
            for (k, v) in views.enumerated() {
                let j = v.sourceElement(i)
                px += vectors[k].px[j]; py += vectors[k].py[j]; pz += vectors[k].pz[j]; e += vectors[k].e[j]
            }
            let pt = (px * px + py * py).squareRoot()
            switch component {
            case "vsum_pt": out[i] = pt
            case "vsum_phi": out[i] = atan2(py, px)
            case "vsum_eta": out[i] = asinh(pz / pt)
            default: out[i] = Swift.max(e * e - (pt * pt + pz * pz), 0).squareRoot()
            }
        }
        return first.singular ? .event(CollectionView.perEvent(out, offsets: first.offsets)) : .jagged(out, offsets: first.offsets)
    }
}

/// Combinations within events and cross-collection distances.
enum Combinatorics {
    /// All k-subsets (k = 2, 3) of each event's objects, in lexicographic order of indices.
    static func combinations(_ view: CollectionView, k: Int) throws -> TupleView {
        let events = view.offsets.count - 1
        var offsets = [Int](repeating: 0, count: events + 1)
        for e in 0..<events {
            let n = view.offsets[e + 1] - view.offsets[e]
            offsets[e + 1] = offsets[e] + (k == 2 ? n * (n - 1) / 2 : n * (n - 1) * (n - 2) / 6)
        }
        let total = offsets[events]
        var a = [Int](repeating: 0, count: total), b = a, c = k == 3 ? a : []
        var t = 0
        for e in 0..<events {
            let lo = view.offsets[e], hi = view.offsets[e + 1]
            guard hi - lo >= k else { continue }
            for i in lo..<hi {
                for j in (i + 1)..<hi {
                    if k == 2 {
                        a[t] = view.sourceElement(i); b[t] = view.sourceElement(j); t += 1
                    } else {
                        for l in (j + 1)..<max(hi, j + 1) {
                            a[t] = view.sourceElement(i); b[t] = view.sourceElement(j); c[t] = view.sourceElement(l); t += 1
                        }
                    }
                }
            }
        }
        return TupleView(source: view.source, offsets: offsets, members: k == 2 ? [a, b] : [a, b, c], singular: false)
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
