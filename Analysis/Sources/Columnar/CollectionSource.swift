import Foundation

/// The objects of one collection within a partition, with their fields loaded on demand
/// (NanoAOD layout: counter `nX`, fields `X_pt`, `X_eta`, … sharing the counts). Also the result
/// of `concat(A, B, …)`. Used by one partition's evaluation only (not shared across threads).
final class CollectionSource {
    let name: String
    /// Per-event object boundaries within this partition (count events + 1, starting at 0).
    let offsets: [Int]
    /// True for "collections" of flat branches (`MET_pt`, `MET_phi` → `MET`): one object per event.
    let oneObjectPerEvent: Bool
    private let loader: (String) throws -> [Double]
    private var fields: [String: [Double]] = [:]
    private var localIndexCache: [Double]?

    init(name: String, offsets: [Int], oneObjectPerEvent: Bool, loader: @escaping (String) throws -> [Double]) {
        self.name = name
        self.offsets = offsets
        self.oneObjectPerEvent = oneObjectPerEvent
        self.loader = loader
    }

    /// Field values for every object of the partition (flattened). `idx` is the object's index
    /// within its event; `src` (for concat) the number of the collection it came from.
    func field(_ field: String) throws -> [Double] {
        if let cached = fields[field] { return cached }
        let values: [Double]
        if field == "idx" {
            values = localIndex
        } else {
            values = try loader(field)
            guard values.count == (offsets.last ?? 0) else {
                throw ColumnarError.type("field '\(field)' of '\(name)' has \(values.count) values in this partition, the collection has \(offsets.last ?? 0) objects")
            }
        }
        fields[field] = values
        return values
    }

    /// (px, py, pz, E) per object, interleaved, filled on demand: combinations touch only the
    /// objects of events with enough objects, and use each of them several times.
    private var cartesianValues: [Double] = []
    private var cartesianDone: [Bool] = []
    private var cartesianFields: (pt: [Double], eta: [Double], phi: [Double], mass: [Double])?

    /// Runs `body` with the interleaved (px, py, pz, E) of every object, computing first those of
    /// the objects listed in `needed` (source element numbers) that are not known yet.
    func withCartesian<R>(needed: [[Int]], _ body: (UnsafeBufferPointer<Double>) throws -> R) throws -> R {
        if cartesianFields == nil {
            cartesianFields = (try field("pt"), try field("eta"), try field("phi"), try field("mass"))
            let n = offsets.last ?? 0
            cartesianValues = [Double](repeating: 0, count: 4 * n)
            cartesianDone = [Bool](repeating: false, count: n)
        }
        guard let f = cartesianFields else { throw ColumnarError.type("internal: no four-vector fields for '\(name)'") }
        f.pt.withUnsafeBufferPointer { pt in
            f.eta.withUnsafeBufferPointer { eta in
                f.phi.withUnsafeBufferPointer { phi in
                    f.mass.withUnsafeBufferPointer { mass in
                        cartesianValues.withUnsafeMutableBufferPointer { out in
                            cartesianDone.withUnsafeMutableBufferPointer { done in
                                for list in needed {
                                    for j in list where !done[j] {
                                        done[j] = true
                                        // Same arithmetic, in the same order, as the element-wise formulas.
                                        let pz = pt[j] * sinh(eta[j])
                                        out[4 * j] = pt[j] * cos(phi[j])
                                        out[4 * j + 1] = pt[j] * sin(phi[j])
                                        out[4 * j + 2] = pz
                                        out[4 * j + 3] = (pt[j] * pt[j] + pz * pz + mass[j] * mass[j]).squareRoot()
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return try cartesianValues.withUnsafeBufferPointer(body)
    }

    var localIndex: [Double] {
        if let cached = localIndexCache { return cached }
        var out = [Double](repeating: 0, count: offsets.last ?? 0)
        for e in 0..<(offsets.count - 1) {
            for k in offsets[e]..<offsets[e + 1] { out[k] = Double(k - offsets[e]) }
        }
        localIndexCache = out
        return out
    }

    /// Objects of several views, event by event: first all of views[0]'s objects, then views[1]'s, …
    static func concatenation(_ views: [CollectionView], name: String) throws -> CollectionSource {
        guard let first = views.first else { throw ColumnarError.type("concat needs at least one collection") }
        let events = first.offsets.count - 1
        for v in views where v.offsets.count - 1 != events {
            throw ColumnarError.type("concat of collections over different event ranges")
        }
        var offsets = [Int](repeating: 0, count: events + 1)
        for e in 0..<events {
            var n = 0
            for v in views { n += v.offsets[e + 1] - v.offsets[e] }
            offsets[e + 1] = offsets[e] + n
        }
        // Where each joined object comes from: which view, and which object of that view's source.
        let total = offsets[events]
        var fromView = [Int](repeating: 0, count: total)
        var fromObject = [Int](repeating: 0, count: total)
        var t = 0
        for e in 0..<events {
            for (k, v) in views.enumerated() {
                for i in v.offsets[e]..<v.offsets[e + 1] {
                    fromView[t] = k
                    fromObject[t] = v.sourceElement(i)
                    t += 1
                }
            }
        }
        let loader: (String) throws -> [Double] = { field in
            if field == "src" { return fromView.map(Double.init) }
            let sources = try views.map { try $0.source.field(field) }
            return [Double](unsafeUninitializedCapacity: total) { out, count in
                for i in 0..<total { out[i] = sources[fromView[i]][fromObject[i]] }
                count = total
            }
        }
        return CollectionSource(name: name, offsets: offsets, oneObjectPerEvent: false, loader: loader)
    }
}
