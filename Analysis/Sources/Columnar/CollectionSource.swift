import CSinCos
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
    /// A field's column and this partition's value range in it, without conversion (nil when the
    /// collection is not made of plain columns, e.g. concat).
    private let slicer: ((String) throws -> (ColumnData, Range<Int>))?
    private var fields: [String: [Double]] = [:]
    private var localIndexCache: [Double]?

    init(name: String, offsets: [Int], oneObjectPerEvent: Bool, loader: @escaping (String) throws -> [Double],
         slicer: ((String) throws -> (ColumnData, Range<Int>))? = nil) {
        self.name = name
        self.offsets = offsets
        self.oneObjectPerEvent = oneObjectPerEvent
        self.loader = loader
        self.slicer = slicer
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
    /// pt, eta, phi, mass: float32 columns read in place (only the objects used are widened),
    /// or the fields as Doubles.
    private enum FourVectorInputs {
        case floats([[Float]], base: Int)
        case doubles([[Double]])
    }
    private var cartesianInputs: FourVectorInputs?

    private func fourVectorInputs() throws -> FourVectorInputs {
        let names = ["pt", "eta", "phi", "mass"]
        let n = offsets.last ?? 0
        if let slicer, fields["pt"] == nil {
            let slices = try names.map { try slicer($0) }
            var floats: [[Float]] = []
            for (data, range) in slices {
                if case .float32(let a) = data, range.count == n, range.lowerBound == slices[0].1.lowerBound { floats.append(a) }
            }
            if floats.count == 4 { return .floats(floats, base: slices[0].1.lowerBound) }
        }
        return .doubles(try names.map { try field($0) })
    }

    /// Runs `body` with the interleaved (px, py, pz, E) of every object, computing first those of
    /// the objects listed in `needed` (source element numbers) that are not known yet.
    func withCartesian<R>(needed: [[Int]], _ body: (UnsafeBufferPointer<Double>) throws -> R) throws -> R {
        if cartesianInputs == nil {
            cartesianInputs = try fourVectorInputs()
            let n = offsets.last ?? 0
            // Only the entries of computed objects are ever read.
            cartesianValues = [Double](unsafeUninitializedCapacity: 4 * n) { _, count in count = 4 * n }
            cartesianDone = [Bool](repeating: false, count: n)
        }
        if !needed.isEmpty {
            switch cartesianInputs {
            case .floats(let f, let base):
                f[0].withUnsafeBufferPointer { pt in
                    f[1].withUnsafeBufferPointer { eta in
                        f[2].withUnsafeBufferPointer { phi in
                            f[3].withUnsafeBufferPointer { mass in
                                compute(needed, pt, eta, phi, mass, base: base)
                            }
                        }
                    }
                }
            case .doubles(let f):
                f[0].withUnsafeBufferPointer { pt in
                    f[1].withUnsafeBufferPointer { eta in
                        f[2].withUnsafeBufferPointer { phi in
                            f[3].withUnsafeBufferPointer { mass in
                                compute(needed, pt, eta, phi, mass, base: 0)
                            }
                        }
                    }
                }
            case nil:
                throw ColumnarError.type("internal: no four-vector fields for '\(name)'")
            }
        }
        return try cartesianValues.withUnsafeBufferPointer(body)
    }

    /// (px, py, pz, E) of the needed objects not computed yet; element j's inputs are at base + j.
    @inline(__always)
    private func compute<T: BinaryFloatingPoint>(_ needed: [[Int]], _ ptIn: UnsafeBufferPointer<T>, _ etaIn: UnsafeBufferPointer<T>,
                                                 _ phiIn: UnsafeBufferPointer<T>, _ massIn: UnsafeBufferPointer<T>, base: Int) {
        cartesianValues.withUnsafeMutableBufferPointer { out in
            cartesianDone.withUnsafeMutableBufferPointer { done in
                for list in needed {
                    for j in list where !done[j] {
                        done[j] = true
                        // Widened to Double exactly; same arithmetic, in the same order, as the
                        // element-wise formulas (sincos is bit-identical to sin and cos).
                        let pt = Double(ptIn[base + j]), eta = Double(etaIn[base + j])
                        let phi = Double(phiIn[base + j]), mass = Double(massIn[base + j])
                        let pz = pt * sinh(eta)
                        var sine = 0.0, cosine = 0.0
                        hepbox_sincos(phi, &sine, &cosine)
                        out[4 * j] = pt * cosine
                        out[4 * j + 1] = pt * sine
                        out[4 * j + 2] = pz
                        out[4 * j + 3] = (pt * pt + pz * pz + mass * mass).squareRoot()
                    }
                }
            }
        }
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
