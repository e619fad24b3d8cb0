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
    /// Per object: 1 once its vector is computed.
    private var cartesianState: [UInt8] = []
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
            cartesianState = [UInt8](repeating: 0, count: n)
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
    /// The objects are first listed (branch-free: marked, then compacted), then converted in one
    /// straight loop with the inlined `FourVectorMath` functions; arguments outside their fast range
    /// (rare: |eta| ≥ 700, |phi| ≥ 1e5, NaN, infinities) are redone with libm afterwards.
    @inline(__always)
    private func compute<T: BinaryFloatingPoint>(_ needed: [[Int]], _ ptIn: UnsafeBufferPointer<T>, _ etaIn: UnsafeBufferPointer<T>,
                                                 _ phiIn: UnsafeBufferPointer<T>, _ massIn: UnsafeBufferPointer<T>, base: Int) {
        let n = cartesianState.count
        let todo = [Int](unsafeUninitializedCapacity: n) { list, count in
            cartesianState.withUnsafeMutableBufferPointer { state in
                // 0 = not computed, 1 = computed; | 2 = needed now.
                for l in needed {
                    l.withUnsafeBufferPointer { l in for j in l { state[j] |= 2 } }
                }
                var c = 0
                for j in 0..<n {
                    let s = state[j]
                    list[c] = j
                    c &+= Int(unsafeBitCast(s == 2, to: UInt8.self))
                    state[j] = (s | s >> 1) & 1  // arithmetic: a conditional would be a mispredicted branch
                }
                count = c
            }
        }
        guard !todo.isEmpty else { return }
        typealias Lanes = FourVectorMath.Lanes
        let lanes = Lanes.scalarCount
        // Chunks of objects: inputs gathered into four contiguous rows (the last group of lanes
        // filled up with the last object), converted in place with whole-register loads and
        // stores (built lane by lane, the optimiser would split the vector arithmetic back into
        // scalars), then scattered to the interleaved (px, py, pz, E).
        let chunk = 256
        var outOfRange = Lanes.MaskStorage(repeating: 0) .!= 0
        cartesianValues.withUnsafeMutableBufferPointer { out in
            todo.withUnsafeBufferPointer { todo in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * chunk) { rows in
                    let row = rows.baseAddress!
                    let last = todo.count - 1
                    for start in stride(from: 0, to: todo.count, by: chunk) {
                        let count = Swift.min(chunk, todo.count - start)
                        let padded = (count + lanes - 1) / lanes * lanes
                        for i in 0..<padded {
                            // Widened to Double exactly.
                            let j = base + todo[Swift.min(start + i, last)]
                            row[i] = Double(ptIn[j])
                            row[chunk + i] = Double(etaIn[j])
                            row[2 * chunk + i] = Double(phiIn[j])
                            row[3 * chunk + i] = Double(massIn[j])
                        }
                        for i in stride(from: 0, to: padded, by: lanes) {
                            let pt = UnsafeRawPointer(row + i).loadUnaligned(as: Lanes.self)
                            let eta = UnsafeRawPointer(row + chunk + i).loadUnaligned(as: Lanes.self)
                            let phi = UnsafeRawPointer(row + 2 * chunk + i).loadUnaligned(as: Lanes.self)
                            let mass = UnsafeRawPointer(row + 3 * chunk + i).loadUnaligned(as: Lanes.self)
                            let etaOK = eta .< FourVectorMath.sinhLimit .& eta .> -FourVectorMath.sinhLimit
                            let phiOK = phi .< FourVectorMath.sinCosLimit .& phi .> -FourVectorMath.sinCosLimit
                            outOfRange = outOfRange .| .!(etaOK .& phiOK)
                            let pz = pt * FourVectorMath.sinhCore(eta.replacing(with: 0, where: .!etaOK))
                            let (sine, cosine) = FourVectorMath.sinCosCore(phi.replacing(with: 0, where: .!phiOK))
                            // E² here, its root in the scatter loop (scalar: exact, no libm call).
                            UnsafeMutableRawPointer(row + i).storeBytes(of: pt * cosine, as: Lanes.self)
                            UnsafeMutableRawPointer(row + chunk + i).storeBytes(of: pt * sine, as: Lanes.self)
                            UnsafeMutableRawPointer(row + 2 * chunk + i).storeBytes(of: pz, as: Lanes.self)
                            UnsafeMutableRawPointer(row + 3 * chunk + i).storeBytes(of: pt * pt + pz * pz + mass * mass, as: Lanes.self)
                        }
                        for i in 0..<count {
                            let j = todo[start + i]
                            out[4 * j] = row[i]
                            out[4 * j + 1] = row[chunk + i]
                            out[4 * j + 2] = row[2 * chunk + i]
                            out[4 * j + 3] = row[3 * chunk + i].squareRoot()
                        }
                    }
                }
                guard any(outOfRange) else { return }
                for j in todo {
                    let pt = Double(ptIn[base + j]), eta = Double(etaIn[base + j])
                    let phi = Double(phiIn[base + j]), mass = Double(massIn[base + j])
                    let (x, y, z, e) = FourVector.cartesian(pt: pt, eta: eta, phi: phi, mass: mass)
                    out[4 * j] = x; out[4 * j + 1] = y; out[4 * j + 2] = z; out[4 * j + 3] = e
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
